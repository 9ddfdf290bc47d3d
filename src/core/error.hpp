#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace onair {

/// Every expected failure in onair. The API layer maps each to one HTTP status (api/errors.cpp).
enum class ErrorCode {
  invalid_json,
  validation_failed,
  unauthenticated,
  payment_required,
  forbidden,
  followers_only,
  sensitive_content_not_acknowledged,
  not_stream_owner,
  not_found,
  stream_ended,
  handle_taken,
  email_taken,
  already_live,
  insufficient_credits,
  idempotency_key_reused,
  conflict,
  payload_too_large,
  unsupported_media_type,
  method_not_allowed,
  rate_limited,
  banned,
  suspended,
  slow_mode,
  message_blocked,
  media_backend_unavailable,
  internal,
};

/// The snake_case name used on the wire (`error.code`).
std::string_view error_code_name(ErrorCode code);

/// A detail attached to an error (`error.details`), e.g. {"field": "title"}.
using DetailValue = std::variant<std::string, std::int64_t, bool, std::monostate>;  // monostate: null
using Details = std::vector<std::pair<std::string, DetailValue>>;

/// An expected failure: a code, a human sentence and optional details.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  Details details;

  static Error validation(std::string field, std::string message) {
    return Error{ErrorCode::validation_failed, std::move(message), {{"field", std::move(field)}}};
  }
  static Error not_found(std::string what) {
    return Error{ErrorCode::not_found, std::move(what) + " not found", {}};
  }
};

}  // namespace onair
