#include "media/fragment.hpp"

#include <optional>

#include <fmt/format.h>

#include "media/iso_bmff.hpp"

namespace onair::media {

using bmff::fourcc;
using bmff::Reader;

Result<std::vector<FragmentRun>> read_moof(std::string_view body, const std::vector<Mp4Track>& tracks) {
  std::vector<FragmentRun> runs;
  std::string problem;
  std::size_t total = 0;          // samples in the whole moof, bounded (a run's count is the sender's claim)
  std::int64_t previous_end = 0;  // where the previous run's data ended (for a run without a base)
  bool ok = bmff::for_each_box(body, [&](std::uint32_t type, std::string_view traf) {
    if (type != fourcc("traf")) return true;
    FragmentRun run;
    std::uint32_t default_duration = 0;
    std::uint32_t default_size = 0;
    std::uint32_t default_flags = 0;
    std::int64_t base = 0;
    std::uint64_t time = 0;
    bool traf_ok = bmff::for_each_box(traf, [&](std::uint32_t t, std::string_view box) {
      Reader r(box);
      if (t == fourcc("tfhd")) {
        r.skip(1);
        auto flags = r.u24();
        auto id = r.u32();
        for (const auto& candidate : tracks) {
          if (candidate.id == id) run.track = &candidate;
        }
        if (run.track == nullptr) {
          problem = fmt::format("a fragment of track {}, which the init segment does not describe", id);
          return false;
        }
        default_duration = run.track->default_duration;
        default_size = run.track->default_size;
        default_flags = run.track->default_flags;
        if (flags & 0x01) {
          run.absolute_offsets = true;
          base = static_cast<std::int64_t>(r.u64());
        }
        if (flags & 0x02) r.skip(4);  // sample_description_index
        if (flags & 0x08) default_duration = r.u32();
        if (flags & 0x10) default_size = r.u32();
        if (flags & 0x20) default_flags = r.u32();
        // default-base-is-moof, or the first run of a moof: offsets count from the moof.
        if (!(flags & 0x01)) base = (flags & 0x20000) || runs.empty() ? 0 : previous_end;
        return !r.bad();
      }
      if (run.track == nullptr) return true;  // tfhd comes first; anything before it is not ours
      if (t == fourcc("tfdt")) {
        auto version = r.u8();
        r.skip(3);
        time = version == 1 ? r.u64() : r.u32();
        return !r.bad();
      }
      if (t != fourcc("trun")) return true;
      auto version = r.u8();
      auto flags = r.u24();
      auto count = r.u32();
      std::int64_t at = base + ((flags & 0x001) ? static_cast<std::int32_t>(r.u32()) : 0);
      std::optional<std::uint32_t> first_flags;
      if (flags & 0x004) first_flags = r.u32();
      std::size_t per_sample = 4 * (((flags & 0x100) ? 1 : 0) + ((flags & 0x200) ? 1 : 0) +
                                    ((flags & 0x400) ? 1 : 0) + ((flags & 0x800) ? 1 : 0));
      // Samples without per-sample fields cost no bytes: the whole moof's count is bounded too.
      if (r.bad() || (per_sample > 0 && count > r.left() / per_sample) || count > kMaxFragmentSamples - total) {
        return false;
      }
      total += count;
      for (std::uint32_t i = 0; i < count; ++i) {
        FragmentSample s;
        s.decode_time = time;
        s.duration = (flags & 0x100) ? r.u32() : default_duration;
        s.size = (flags & 0x200) ? r.u32() : default_size;
        s.flags = (flags & 0x400) ? r.u32() : default_flags;
        if (i == 0 && first_flags) s.flags = *first_flags;
        if (flags & 0x800) {
          auto cto = r.u32();
          s.composition_offset = version == 0 ? static_cast<std::int64_t>(cto)
                                              : static_cast<std::int64_t>(static_cast<std::int32_t>(cto));
        }
        s.data_offset = at;
        at += s.size;
        time += s.duration;
        run.samples.push_back(s);
      }
      previous_end = at;
      return !r.bad();
    });
    if (!traf_ok || run.track == nullptr) return false;
    runs.push_back(std::move(run));
    return true;
  });
  if (!problem.empty()) return Error{ErrorCode::validation_failed, problem, {}};
  if (!ok) return Error{ErrorCode::validation_failed, "a malformed moof", {}};
  return runs;
}

}  // namespace onair::media
