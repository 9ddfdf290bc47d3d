import { ApiError } from "../api/client";

/**
 * One idempotency key per attempt: made on the first try, reused when the same attempt is
 * retried after an unknown outcome (network failure, 5xx, rate limit), dropped once the server
 * gave a definite answer so that the next attempt is a new one.
 */
export class AttemptKey {
  private key: string | null = null;

  current(): string {
    this.key ??= crypto.randomUUID();
    return this.key;
  }

  settle(error?: unknown): void {
    if (error === undefined || isDefinite(error)) this.key = null;
  }
}

function isDefinite(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return (
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}
