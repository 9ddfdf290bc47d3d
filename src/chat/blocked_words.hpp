#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace onair::chat {

/// A creator's blocked words (API.md "Moderation"): a message is blocked when it contains one of
/// them as a whole word (or a blocked phrase as whole consecutive words), case-insensitively and
/// whatever the look-alike letters: text is compared after Unicode NFKC case folding and the
/// confusable-character skeleton of UTS #39 (ICU), so "ЅРАМ" (Cyrillic), "ｓｐａｍ" (full width) or
/// "Spam" all match "spam".
class BlockedWords {
 public:
  explicit BlockedWords(const std::vector<std::string>& words);
  bool matches(std::string_view text) const;
  bool empty() const { return phrases_.empty(); }

  /// The comparable words of `text`, in order: letters and digits, normalised and skeletonised.
  static std::vector<std::string> words_of(std::string_view text);

 private:
  std::vector<std::vector<std::string>> phrases_;
};

}  // namespace onair::chat
