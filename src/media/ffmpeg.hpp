#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace onair::media {

/// Runs Debian's ffmpeg (`/usr/bin/ffmpeg`, or $ONAIR_FFMPEG) with `args` and waits. Blocking:
/// worker pool only. An error carries the end of ffmpeg's own message.
Status run_ffmpeg(const std::vector<std::string>& args);

/// Remuxes `parts` (one or more WebM files, each with its own header, in order) into one seekable
/// WebM at `out` (Duration and Cues, as `ffmpeg -c copy` writes them) without re-encoding.
Status remux_webm(const std::vector<std::string>& parts, const std::string& out);

/// The container duration in milliseconds, read by ffprobe.
Result<std::int64_t> probe_duration_ms(const std::string& video);

/// Cuts a JPEG of the video at about `at_seconds` (or its first frame), 480 px wide.
Status cut_thumbnail(const std::string& video, const std::string& jpeg, double at_seconds);

}  // namespace onair::media
