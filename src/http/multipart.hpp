#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"

namespace onair::http {

/// A multipart/form-data body that was streamed to a file.
struct MultipartForm {
  Fields fields;              // the small text fields (each at most 64 KB)
  std::string file_type;      // Content-Type of the first part that carries a filename
  std::string file_name;
};

/// The boundary of a `multipart/form-data; boundary=…` Content-Type, if it is one.
std::optional<std::string> multipart_boundary(std::string_view content_type);

/// Reads the form in `body_file` (mapped, never loaded whole): text fields into the result, the
/// first file part's bytes into `file_out`. validation_failed when malformed or without a file.
Result<MultipartForm> split_multipart(const std::string& body_file, const std::string& boundary,
                                      const std::string& file_out);

}  // namespace onair::http
