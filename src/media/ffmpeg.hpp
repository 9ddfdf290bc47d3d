#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace onair::media {

/// Runs Debian's ffmpeg (`/usr/bin/ffmpeg`, or $ONAIR_FFMPEG) with `args` and waits. Blocking:
/// worker pool only. An error carries the end of ffmpeg's own message.
Status run_ffmpeg(const std::vector<std::string>& args);

/// Joins a live recording's `parts` (WebM or fragmented MP4 files, each with its own header, in
/// order) into one seekable file at `out` without re-encoding: WebM with Duration and Cues, or MP4
/// with its index up front (faststart). All parts must share `out`'s container.
Status join_parts(const std::vector<std::string>& parts, const std::string& out);

/// Joins parts of different containers (a stream whose publisher came back from another browser)
/// into one VP8/Opus WebM at `out`, re-encoding them to one picture size (1280×720, letterboxed).
Status transcode_parts(const std::vector<std::string>& parts, const std::string& out);

/// The container duration in milliseconds, read by ffprobe.
Result<std::int64_t> probe_duration_ms(const std::string& video);

/// Cuts a JPEG of the video at about `at_seconds` (or its first frame), 480 px wide.
Status cut_thumbnail(const std::string& video, const std::string& jpeg, double at_seconds);

}  // namespace onair::media
