import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import {
  banSentence,
  chatErrorMessages,
  errorMessages,
  followAgeSentence,
  friendlyMessage,
  scheduledLiveMessage,
  suspendedSentence,
} from "./errorMessages";

// Every code named in API.md's error table.
const apiCodes = [
  "invalid_json",
  "validation_failed",
  "unauthenticated",
  "payment_required",
  "forbidden",
  "followers_only",
  "sensitive_content_not_acknowledged",
  "not_stream_owner",
  "not_found",
  "stream_ended",
  "handle_taken",
  "already_live",
  "insufficient_credits",
  "payload_too_large",
  "rate_limited",
  "media_backend_unavailable",
  "banned",
  "slow_mode",
  "message_blocked",
  "suspended",
];

describe("friendlyMessage", () => {
  it.each(apiCodes)("has a message of its own for %s", (code) => {
    expect(errorMessages[code]).toBeDefined();
    expect(friendlyMessage(new ApiError(400, code, "server text"))).toBe(
      errorMessages[code],
    );
  });

  it("lets a screen say some codes in its own words", () => {
    const overrides = { rate_limited: "Slow down" };
    expect(
      friendlyMessage(new ApiError(429, "rate_limited", "x"), overrides),
    ).toBe("Slow down");
    expect(
      friendlyMessage(new ApiError(409, "stream_ended", "x"), overrides),
    ).toBe(errorMessages.stream_ended);
    expect(friendlyMessage(new Error("x"), overrides)).toBe(
      "Something went wrong. Please try again.",
    );
  });

  it("falls back by status for unknown codes and for non-API errors", () => {
    expect(friendlyMessage(new ApiError(500, "weird", "x"))).toBe(
      "The server had a problem. Please try again.",
    );
    expect(friendlyMessage(new ApiError(418, "teapot", "x"))).toBe(
      "Something went wrong. Please try again.",
    );
    expect(friendlyMessage(new Error("x"))).toBe(
      "Something went wrong. Please try again.",
    );
  });

  it("says how long slow mode holds, from the error's details", () => {
    expect(
      friendlyMessage(
        new ApiError(429, "slow_mode", "x", { retryAfterSeconds: 27 }),
      ),
    ).toBe("Slow mode is on: you can write again in 27 s");
    expect(friendlyMessage(new ApiError(429, "slow_mode", "x"))).toBe(
      errorMessages.slow_mode,
    );
  });

  it("says until when a viewer is banned, or that it is for good", () => {
    expect(
      friendlyMessage(new ApiError(403, "banned", "x", { until: null })),
    ).toBe("You are banned from this creator's streams.");
    const now = new Date(2026, 10, 24, 18, 0).getTime();
    const until = new Date(2026, 10, 24, 18, 42).toISOString();
    expect(banSentence(until, "bob", now)).toMatch(
      /^You are timed out of @bob's streams until (18:42|6:42\sPM)$/,
    );
    expect(banSentence(null, "bob", now)).toBe(
      "You are banned from @bob's streams",
    );
  });

  it("has the chat's own words for followers-only chat", () => {
    expect(
      friendlyMessage(
        new ApiError(403, "followers_only", "x"),
        chatErrorMessages,
      ),
    ).toBe("Only followers can chat here — follow to join in");
    expect(friendlyMessage(new ApiError(403, "followers_only", "x"))).toBe(
      "Only followers of this creator can watch.",
    );
  });

  it("says how much longer a recent follower waits to chat", () => {
    expect(
      friendlyMessage(
        new ApiError(403, "followers_only", "x", { retryAfterSeconds: 300 }),
      ),
    ).toBe("You can chat here after following for 5 more minutes");
    expect(followAgeSentence(30)).toBe(
      "You can chat here after following for 1 more minute",
    );
    expect(followAgeSentence(3 * 3600)).toBe(
      "You can chat here after following for 3 more hours",
    );
    expect(followAgeSentence(10 * 86_400)).toBe(
      "You can chat here after following for 10 more days",
    );
  });

  it("says that an account is suspended, and until when", () => {
    expect(
      friendlyMessage(new ApiError(403, "suspended", "x", { until: null })),
    ).toBe("This account is suspended.");
    const now = new Date(2026, 10, 24, 18, 0).getTime();
    const until = new Date(2026, 10, 24, 18, 42).toISOString();
    expect(suspendedSentence(until, now)).toMatch(
      /^This account is suspended until (18:42|6:42\sPM)\.$/,
    );
  });
});

describe("scheduledLiveMessage", () => {
  it("says why a scheduled live cannot change, by the status the server names", () => {
    const conflict = (status?: string) =>
      new ApiError(409, "conflict", "x", status ? { status } : {});
    expect(scheduledLiveMessage(conflict("cancelled"))).toBe(
      "This live was cancelled.",
    );
    expect(scheduledLiveMessage(conflict("live"))).toBe(
      "This live has already started.",
    );
    expect(scheduledLiveMessage(conflict("done"))).toBe(
      "This live has already happened.",
    );
    expect(scheduledLiveMessage(conflict("missed"))).toBe(
      "This live did not take place.",
    );
    expect(scheduledLiveMessage(conflict())).toMatch(/not upcoming any more/);
  });

  it("explains the time's bounds and who may change a live; the rest as usual", () => {
    expect(
      scheduledLiveMessage(
        new ApiError(400, "validation_failed", "x", { field: "startsAt" }),
      ),
    ).toBe("Choose a time between 5 minutes and 90 days from now.");
    expect(scheduledLiveMessage(new ApiError(403, "forbidden", "x"))).toBe(
      "Only the creator of this live can do that.",
    );
    expect(scheduledLiveMessage(new ApiError(409, "already_live", "x"))).toBe(
      errorMessages.already_live,
    );
  });
});
