#include "media/cmaf.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "media/fragment.hpp"
#include "media/iso_bmff.hpp"

namespace onair::media {
namespace {

using bmff::fourcc;

/// A sample of a run, with its bytes (a view into the fragment).
struct Sample {
  FragmentSample at;
  std::string_view data;
};

struct TrackSamples {
  const Mp4Track* track = nullptr;
  std::vector<Sample> samples;
};

Error unreadable(const std::string& why) {
  return Error{ErrorCode::validation_failed, "Cannot cut this fragment: " + why, {}};
}

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void put64(std::string& out, std::uint64_t v) {
  put32(out, static_cast<std::uint32_t>(v >> 32));
  put32(out, static_cast<std::uint32_t>(v));
}

/// Appends a box: its size, type and `body`.
void put_box(std::string& out, const char (&type)[5], std::string_view body) {
  put32(out, static_cast<std::uint32_t>(body.size() + 8));
  out.append(type, 4);
  out.append(body);
}

/// Every sample of every track run in the fragment, with its bytes (views into `fragment`).
Result<std::vector<TrackSamples>> read_fragment(std::string_view fragment, const std::vector<Mp4Track>& tracks) {
  if (fragment.size() < 8 || bmff::big_endian(fragment.substr(4), 4) != fourcc("moof")) {
    return unreadable("it does not start with a moof");
  }
  auto moof_size = bmff::big_endian(fragment, 4);
  if (moof_size < 8 || moof_size > fragment.size()) return unreadable("a truncated moof");
  auto moof = fragment.substr(8, moof_size - 8);
  // The media: the mdat right after the moof (anything after it is not ours).
  std::string_view mdat;
  std::uint64_t mdat_start = 0;
  {
    auto rest = fragment.substr(moof_size);
    if (rest.size() < 8 || bmff::big_endian(rest.substr(4), 4) != fourcc("mdat")) return unreadable("no mdat");
    auto size = bmff::big_endian(rest, 4);
    if (size < 8 || size > rest.size()) return unreadable("a truncated mdat");
    mdat_start = moof_size + 8;
    mdat = fragment.substr(mdat_start, size - 8);
  }
  auto runs = read_moof(moof, tracks);
  if (!runs) return unreadable(runs.error().message);
  std::vector<TrackSamples> out;
  for (const auto& run : *runs) {
    if (run.absolute_offsets) return unreadable("an absolute base data offset");
    TrackSamples samples{run.track, {}};
    for (const auto& s : run.samples) {
      auto start = s.data_offset - static_cast<std::int64_t>(mdat_start);
      if (start < 0 || static_cast<std::uint64_t>(start) + s.size > mdat.size()) {
        return unreadable("sample data outside its mdat");
      }
      samples.samples.push_back(Sample{s, mdat.substr(static_cast<std::size_t>(start), s.size)});
    }
    out.push_back(std::move(samples));
  }
  return out;
}

/// One run of one track, as written into a part.
struct PartRun {
  const TrackSamples* source = nullptr;
  std::size_t first = 0;
  std::size_t count = 0;
};

/// moof + mdat holding `runs`.
std::string write_part(const std::vector<PartRun>& runs, std::uint32_t sequence) {
  std::string moof_body;
  {
    std::string mfhd;
    put32(mfhd, 0);
    put32(mfhd, sequence);
    put_box(moof_body, "mfhd", mfhd);
  }
  std::vector<std::size_t> offset_fields;  // where each trun's data_offset is, within moof_body
  std::vector<std::uint64_t> data_starts;  // each run's data, from the start of the mdat payload
  std::uint64_t data_size = 0;
  for (const auto& run : runs) {
    const auto& samples = run.source->samples;
    bool negative_cto = false;
    bool any_cto = false;
    for (std::size_t i = run.first; i < run.first + run.count; ++i) {
      any_cto = any_cto || samples[i].at.composition_offset != 0;
      negative_cto = negative_cto || samples[i].at.composition_offset < 0;
    }
    std::string traf;
    std::string tfhd;
    put32(tfhd, 0x020000);  // default-base-is-moof
    put32(tfhd, run.source->track->id);
    put_box(traf, "tfhd", tfhd);
    std::string tfdt;
    put32(tfdt, 0x01000000);  // version 1: 64-bit time
    put64(tfdt, samples[run.first].at.decode_time);
    put_box(traf, "tfdt", tfdt);
    std::string trun;
    std::uint32_t flags = 0x001 | 0x100 | 0x200 | 0x400 | (any_cto ? 0x800 : 0);
    put32(trun, (negative_cto ? 0x01000000u : 0u) | flags);
    put32(trun, static_cast<std::uint32_t>(run.count));
    auto offset_at = trun.size();
    put32(trun, 0);  // data_offset, set below
    for (std::size_t i = run.first; i < run.first + run.count; ++i) {
      put32(trun, samples[i].at.duration);
      put32(trun, static_cast<std::uint32_t>(samples[i].data.size()));
      put32(trun, samples[i].at.flags);
      if (any_cto) put32(trun, static_cast<std::uint32_t>(samples[i].at.composition_offset));
    }
    // Position of the data_offset field within moof_body once this traf is appended.
    auto traf_at = moof_body.size();
    auto trun_in_traf = traf.size();
    put_box(traf, "trun", trun);
    put_box(moof_body, "traf", traf);
    offset_fields.push_back(traf_at + 8 + trun_in_traf + 8 + offset_at);
    data_starts.push_back(data_size);
    for (std::size_t i = run.first; i < run.first + run.count; ++i) data_size += samples[i].data.size();
  }
  auto moof_size = moof_body.size() + 8;
  for (std::size_t i = 0; i < offset_fields.size(); ++i) {
    auto offset = static_cast<std::uint32_t>(moof_size + 8 + data_starts[i]);
    for (int b = 0; b < 4; ++b) moof_body[offset_fields[i] + static_cast<std::size_t>(b)] = static_cast<char>((offset >> (24 - 8 * b)) & 0xFF);
  }
  std::string out;
  out.reserve(moof_size + 8 + data_size);
  put_box(out, "moof", moof_body);
  put32(out, static_cast<std::uint32_t>(data_size + 8));
  out.append("mdat", 4);
  for (const auto& run : runs) {
    for (std::size_t i = run.first; i < run.first + run.count; ++i) out.append(run.source->samples[i].data);
  }
  return out;
}

}  // namespace

Result<std::vector<CmafPart>> split_fragment(std::string_view fragment, const std::vector<Mp4Track>& tracks,
                                             double max_seconds, std::uint32_t sequence) {
  auto read = read_fragment(fragment, tracks);
  if (!read) return std::move(read).error();
  auto& runs = *read;
  // The reference run: the first video track's, else the first run.
  const TrackSamples* reference = nullptr;
  for (const auto& run : runs) {
    if (run.samples.empty()) continue;
    if (reference == nullptr || (run.track->video && !reference->track->video)) reference = &run;
  }
  if (reference == nullptr) return std::vector<CmafPart>{};
  const double scale = reference->track->timescale;
  // Cut points: indexes into the reference samples where a part starts. The fragment is shared
  // evenly between the fewest parts of at most max_seconds (1.05 s: three of 0.35 s, not two of
  // 0.5 s and a sliver).
  std::uint64_t total = 0;
  for (const auto& sample : reference->samples) total += sample.at.duration;
  auto max_units = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(max_seconds * scale));
  auto count = std::max<std::uint64_t>(1, (total + max_units - 1) / max_units);
  std::vector<std::size_t> cuts{0};
  std::uint64_t elapsed = 0;
  std::uint64_t in_part = 0;
  for (std::size_t i = 0; i < reference->samples.size(); ++i) {
    auto d = reference->samples[i].at.duration;
    auto share = total * cuts.size() / count;  // where the current part should end
    if (i > cuts.back() && (elapsed >= share || in_part + d > max_units)) {
      cuts.push_back(i);
      in_part = 0;
    }
    elapsed += d;
    in_part += d;
  }
  std::vector<CmafPart> parts;
  std::vector<std::size_t> next(runs.size(), 0);  // the next sample of each run to place
  for (std::size_t p = 0; p < cuts.size(); ++p) {
    auto first = cuts[p];
    auto end = p + 1 < cuts.size() ? cuts[p + 1] : reference->samples.size();
    // The part covers [start, until) in seconds; the last part takes whatever is left.
    double start = static_cast<double>(reference->samples[first].at.decode_time) / scale;
    bool last = p + 1 == cuts.size();
    double until = last ? 1e300 : static_cast<double>(reference->samples[end].at.decode_time) / scale;
    std::vector<PartRun> part_runs;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const auto& run = runs[r];
      PartRun pr{&run, next[r], 0};
      if (&run == reference) {
        pr.first = first;
        pr.count = end - first;
      } else {
        double track_scale = run.track->timescale;
        while (pr.first + pr.count < run.samples.size() &&
               static_cast<double>(run.samples[pr.first + pr.count].at.decode_time) / track_scale < until) {
          ++pr.count;
        }
      }
      next[r] = pr.first + pr.count;
      if (pr.count > 0) part_runs.push_back(pr);
    }
    std::uint64_t units = 0;
    for (auto i = first; i < end; ++i) units += reference->samples[i].at.duration;
    CmafPart part;
    part.bytes = write_part(part_runs, sequence + static_cast<std::uint32_t>(p));
    part.duration = static_cast<double>(units) / scale;
    part.start = start;
    part.independent = !reference->track->video || !(reference->samples[first].at.flags & bmff::kNonSyncSample);
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace onair::media
