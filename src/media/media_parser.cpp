#include "media/media_parser.hpp"

#include "media/mp4_parser.hpp"
#include "media/webm_parser.hpp"

namespace onair::media {

namespace {
constexpr std::string_view kEbmlMagic("\x1A\x45\xDF\xA3", 4);
}  // namespace

std::string_view extension_of(Container container) { return container == Container::mp4 ? "mp4" : "webm"; }

Sniffed sniff_container(std::string_view head) {
  if (head.size() < 8) return Sniffed::need_more;
  if (head.starts_with(kEbmlMagic)) return Sniffed::webm;
  if (head.substr(4, 4) == "ftyp") return Sniffed::mp4;
  return Sniffed::unknown;
}

AnyContainerParser::AnyContainerParser() = default;

const std::vector<Mp4Track>* AnyContainerParser::mp4_tracks() const {
  const auto* mp4 = dynamic_cast<const Mp4Parser*>(inner_.get());
  return mp4 != nullptr ? &mp4->tracks() : nullptr;
}
AnyContainerParser::~AnyContainerParser() = default;

Status AnyContainerParser::feed(std::string_view bytes, std::vector<MediaEvent>& events) {
  if (inner_) return inner_->feed(bytes, events);
  auto refused = [] {
    return Error{ErrorCode::validation_failed, "Not a media stream: send WebM or fragmented MP4", {}};
  };
  if (failed_) return refused();
  head_.append(bytes);
  switch (sniff_container(head_)) {
    case Sniffed::need_more:
      return ok_status();
    case Sniffed::unknown:
      failed_ = true;
      head_.clear();
      return refused();
    case Sniffed::webm:
      inner_ = std::make_unique<WebmParser>();
      break;
    case Sniffed::mp4:
      inner_ = std::make_unique<Mp4Parser>();
      break;
  }
  auto head = std::move(head_);
  head_.clear();
  return inner_->feed(head, events);
}

}  // namespace onair::media
