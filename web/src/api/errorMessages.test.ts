import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import { errorMessages, friendlyMessage } from "./errorMessages";

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
});
