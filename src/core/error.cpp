#include "core/error.hpp"

namespace onair {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::validation_failed: return "validation_failed";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::payment_required: return "payment_required";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::followers_only: return "followers_only";
    case ErrorCode::sensitive_content_not_acknowledged: return "sensitive_content_not_acknowledged";
    case ErrorCode::not_stream_owner: return "not_stream_owner";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::stream_ended: return "stream_ended";
    case ErrorCode::handle_taken: return "handle_taken";
    case ErrorCode::email_taken: return "email_taken";
    case ErrorCode::already_live: return "already_live";
    case ErrorCode::insufficient_credits: return "insufficient_credits";
    case ErrorCode::idempotency_key_reused: return "idempotency_key_reused";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::unsupported_media_type: return "unsupported_media_type";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::banned: return "banned";
    case ErrorCode::suspended: return "suspended";
    case ErrorCode::slow_mode: return "slow_mode";
    case ErrorCode::message_blocked: return "message_blocked";
    case ErrorCode::media_backend_unavailable: return "media_backend_unavailable";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace onair
