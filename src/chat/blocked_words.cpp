#include "chat/blocked_words.hpp"

#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

namespace onair::chat {
namespace {

using SpoofChecker = std::unique_ptr<USpoofChecker, decltype(&uspoof_close)>;

/// The UTS #39 skeleton of a word (its look-alikes collapse to the same string).
icu::UnicodeString skeleton(USpoofChecker* checker, const icu::UnicodeString& word) {
  if (checker == nullptr) return word;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  uspoof_getSkeletonUnicodeString(checker, 0, word, out, &status);
  return U_FAILURE(status) ? word : out;
}

icu::UnicodeString normalised(const icu::Normalizer2* normalizer, const icu::UnicodeString& text) {
  if (normalizer == nullptr) return text;
  UErrorCode status = U_ZERO_ERROR;
  auto out = normalizer->normalize(text, status);
  return U_FAILURE(status) ? text : out;
}

/// A word as compared: look-alikes collapsed (capitals too: Cyrillic "М" is "M" before it is
/// "m"), case folded, and collapsed again.
std::string comparable(USpoofChecker* checker, const icu::UnicodeString& word, const icu::Normalizer2* fold) {
  std::string out;
  return skeleton(checker, normalised(fold, skeleton(checker, word))).toUTF8String(out);
}

}  // namespace

std::vector<std::string> BlockedWords::words_of(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) fold = nullptr;
  status = U_ZERO_ERROR;
  SpoofChecker checker(uspoof_open(&status), &uspoof_close);
  if (U_FAILURE(status)) checker.reset();
  auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // Full-width and mathematical letters become plain ones before the text is cut into words.
  icu::UnicodeString plain = normalised(nfkc, input);
  std::vector<std::string> words;
  icu::UnicodeString word;
  auto flush = [&] {
    if (word.isEmpty()) return;
    words.push_back(comparable(checker.get(), word, fold));
    word.remove();
  };
  for (int32_t i = 0; i < plain.length();) {
    UChar32 c = plain.char32At(i);
    if (u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_DIACRITIC)) word.append(c);
    else flush();
    i += U16_LENGTH(c);
  }
  flush();
  return words;
}

BlockedWords::BlockedWords(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    auto phrase = words_of(w);
    if (!phrase.empty()) phrases_.push_back(std::move(phrase));
  }
}

bool BlockedWords::matches(std::string_view text) const {
  if (phrases_.empty()) return false;
  auto words = words_of(text);
  for (const auto& phrase : phrases_) {
    if (phrase.size() > words.size()) continue;
    for (std::size_t at = 0; at + phrase.size() <= words.size(); ++at) {
      bool all = true;
      for (std::size_t k = 0; k < phrase.size() && all; ++k) all = words[at + k] == phrase[k];
      if (all) return true;
    }
  }
  return false;
}

}  // namespace onair::chat
