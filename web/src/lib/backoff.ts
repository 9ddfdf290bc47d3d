/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped, each ±20 %. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call doubles the base. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    const jitter = 1 + (this.random() * 0.4 - 0.2);
    return Math.round(Math.min(this.maxMs, base * jitter));
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
