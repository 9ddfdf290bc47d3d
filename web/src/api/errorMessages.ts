import { ApiError } from "./client";

/** The one table of friendly messages, keyed by API.md error code. */
export const errorMessages: Readonly<Record<string, string>> = {
  invalid_json: "Something in that request was malformed. Please try again.",
  validation_failed:
    "Some of the details are not valid. Check the highlighted fields.",
  unauthenticated: "Please log in to continue.",
  payment_required: "This is paid content. Buy access to watch.",
  forbidden: "You are not allowed to do that.",
  followers_only: "Only followers of this creator can watch.",
  sensitive_content_not_acknowledged:
    "This content is marked sensitive. Confirm to continue.",
  not_stream_owner: "Only the creator of this stream can do that.",
  not_found: "We could not find that. It may have been removed.",
  stream_ended: "This live stream has ended.",
  handle_taken: "That handle is already taken. Try another one.",
  already_live:
    "You already have a live stream open. End it before starting a new one.",
  insufficient_credits:
    "You do not have enough credits. Top up your wallet first.",
  payload_too_large: "That file is too large to upload.",
  rate_limited: "You are doing that too often. Wait a moment and try again.",
  media_backend_unavailable:
    "Live video is temporarily unavailable. Please try again shortly.",
  network_error: "Cannot reach onair. Check your connection and try again.",
  playback_unsupported:
    "This browser cannot play this live stream. Try a current Safari, Chrome, Edge or Firefox.",
  stream_format_unsupported:
    "This device cannot play this live stream's video (VP8 or VP9, sent by Firefox). Watch it on a computer, or ask the creator to go live from Chrome or Safari.",
  invalid_response: "The server sent an unexpected answer. Please try again.",
};

const fallback = "Something went wrong. Please try again.";

/**
 * A sentence to show the user for any thrown value. `overrides` lets one screen say a code in its
 * own words (chat: "Slow down…" for `rate_limited`); other codes use the table.
 */
export function friendlyMessage(
  error: unknown,
  overrides: Readonly<Record<string, string>> = {},
): string {
  if (error instanceof ApiError) {
    const known = overrides[error.code] ?? errorMessages[error.code];
    if (known !== undefined) return known;
    if (error.status >= 500)
      return "The server had a problem. Please try again.";
    return fallback;
  }
  return fallback;
}
