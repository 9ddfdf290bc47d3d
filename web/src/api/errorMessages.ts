import { ApiError } from "./client";
import { nounFor } from "../lib/plural";
import { formatUntil } from "../lib/time";

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
  banned: "You are banned from this creator's streams.",
  slow_mode: "Slow mode is on: wait a moment before writing again.",
  message_blocked:
    "Your message contains a word the creator does not allow here. Edit it and try again.",
  suspended: "This account is suspended.",
  conflict: "That has changed meanwhile. Refresh and try again.",
};

/** The chat's own words for some codes (its refusals are about writing, not watching). */
export const chatErrorMessages: Readonly<Record<string, string>> = {
  rate_limited: "Slow down — you can send another message in a moment",
  stream_ended: "Chat has ended",
  validation_failed:
    "A message needs 1 to 500 characters, without control characters.",
  followers_only: "Only followers can chat here — follow to join in",
};

/**
 * Why a banned viewer cannot watch: "You are timed out of @bob's streams until 18:42" (a timeout)
 * or "You are banned from @bob's streams" (`until` null). Without a handle, "this creator's".
 */
export function banSentence(
  until: string | null,
  creatorHandle?: string | null,
  now: number = Date.now(),
): string {
  const whose =
    creatorHandle !== undefined && creatorHandle !== null
      ? `@${creatorHandle}'s`
      : "this creator's";
  if (until === null) return `You are banned from ${whose} streams`;
  const when = formatUntil(until, now);
  return when === ""
    ? `You are timed out of ${whose} streams`
    : `You are timed out of ${whose} streams until ${when}`;
}

/**
 * How much longer a follower must have followed before they may chat (the creator's minimum follow
 * time): "You can chat here after following for 5 more minutes" (or hours, or days).
 */
export function followAgeSentence(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  let wait: string;
  if (minutes <= 90) wait = `${minutes} more ${nounFor(minutes, "minute")}`;
  else if (minutes <= 48 * 60) {
    const hours = Math.ceil(minutes / 60);
    wait = `${hours} more ${nounFor(hours, "hour")}`;
  } else {
    const days = Math.ceil(minutes / (24 * 60));
    wait = `${days} more ${nounFor(days, "day")}`;
  }
  return `You can chat here after following for ${wait}`;
}

/** "This account is suspended until 18:42." (`until` null or unreadable: no end said). */
export function suspendedSentence(
  until: string | null,
  now: number = Date.now(),
): string {
  const when = until === null ? "" : formatUntil(until, now);
  return when === ""
    ? "This account is suspended."
    : `This account is suspended until ${when}.`;
}

/** Codes whose sentence says what the error's details tell (undefined: use the table). */
const detailedMessages: Readonly<
  Record<string, (details: Record<string, unknown>) => string | undefined>
> = {
  slow_mode: ({ retryAfterSeconds }) =>
    typeof retryAfterSeconds === "number" && retryAfterSeconds > 0
      ? `Slow mode is on: you can write again in ${Math.ceil(retryAfterSeconds)} s`
      : undefined,
  banned: ({ until }) =>
    until === null || typeof until === "string"
      ? `${banSentence(until)}.`
      : undefined,
  followers_only: ({ retryAfterSeconds }) =>
    typeof retryAfterSeconds === "number" && retryAfterSeconds > 0
      ? followAgeSentence(retryAfterSeconds)
      : undefined,
  suspended: ({ until }) =>
    typeof until === "string" ? suspendedSentence(until) : undefined,
};

const fallback = "Something went wrong. Please try again.";

/**
 * A sentence to show the user for any thrown value. `overrides` lets one screen say a code in its
 * own words (chat: "Slow down…" for `rate_limited`); other codes use what the error's details
 * say (slow mode's wait, a ban's end), else the table.
 */
export function friendlyMessage(
  error: unknown,
  overrides: Readonly<Record<string, string>> = {},
): string {
  if (error instanceof ApiError) {
    const known =
      overrides[error.code] ??
      detailedMessages[error.code]?.(error.details) ??
      errorMessages[error.code];
    if (known !== undefined) return known;
    if (error.status >= 500)
      return "The server had a problem. Please try again.";
    return fallback;
  }
  return fallback;
}

/** Why a scheduled live cannot change any more, by its status (409 `conflict` details.status). */
const scheduledConflicts: Readonly<Record<string, string>> = {
  live: "This live has already started.",
  done: "This live has already happened.",
  cancelled: "This live was cancelled.",
  missed: "This live did not take place.",
};

/** A scheduled live's refusals in its own words; other codes as {@link friendlyMessage}. */
export function scheduledLiveMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "conflict") {
      const { status } = error.details;
      return (
        (typeof status === "string" ? scheduledConflicts[status] : undefined) ??
        "This live is not upcoming any more. Refresh to see what changed."
      );
    }
    if (error.code === "forbidden")
      return "Only the creator of this live can do that.";
    if (error.code === "not_found")
      return "We could not find this live. It may have been removed.";
    if (
      error.code === "validation_failed" &&
      error.details.field === "startsAt"
    )
      return "Choose a time between 5 minutes and 90 days from now.";
  }
  return friendlyMessage(error);
}
