import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { AttemptKey } from "./idempotency";

describe("AttemptKey", () => {
  it("keeps the key across retries after unknown outcomes and renews it after a definite answer", () => {
    const attempt = new AttemptKey();
    const first = attempt.current();
    attempt.settle(new ApiError(0, "network_error", "down"));
    expect(attempt.current()).toBe(first);
    attempt.settle(new ApiError(503, "media_backend_unavailable", "later"));
    attempt.settle(new ApiError(429, "rate_limited", "slow"));
    expect(attempt.current()).toBe(first);
    attempt.settle(new ApiError(409, "insufficient_credits", "poor"));
    const second = attempt.current();
    expect(second).not.toBe(first);
    attempt.settle();
    expect(attempt.current()).not.toBe(second);
  });
});
