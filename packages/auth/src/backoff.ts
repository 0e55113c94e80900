/**
 * Slows password guessing without handing anyone a way to lock a colleague out: failures are
 * counted per account AND address, so guesses from one machine never delay the real person at
 * another, and each failure past the free ones doubles a wait rather than locking the account.
 * A success clears the count. Kept in memory: one server process holds the sessions' front door.
 */
export type BackoffOptions = {
  /** Failures allowed before any wait; the next failure asks for one second, then two, four… */
  freeFailures?: number;
  /** The longest wait, in seconds. */
  maxDelaySeconds?: number;
  /** A count is forgotten this long after its last failure. */
  forgetAfterSeconds?: number;
  /** At most this many (account, address) pairs are remembered; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
};

type Entry = { failures: number; lastFailureAt: number; retryAt: number };

export type BackoffCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SignInBackoff {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: BackoffOptions = {}) {
    this.freeFailures = options.freeFailures ?? 3;
    this.maxDelayMs = (options.maxDelaySeconds ?? 300) * 1000;
    this.forgetAfterMs = (options.forgetAfterSeconds ?? 3600) * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private key(account: string, address: string): string {
    return `${account.trim().toLowerCase()}\u0000${address}`;
  }

  private entry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.lastFailureAt > this.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Whether this account may be tried from this address now. */
  check(account: string, address: string): BackoffCheck {
    const entry = this.entry(this.key(account, address));
    const waitMs = entry ? entry.retryAt - this.now() : 0;
    return waitMs > 0
      ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) }
      : { allowed: true };
  }

  /** Counts a wrong password; returns the wait it starts (0 while failures are still free). */
  recordFailure(account: string, address: string): number {
    const key = this.key(account, address);
    const failures = (this.entry(key)?.failures ?? 0) + 1;
    const over = failures - this.freeFailures;
    const delayMs = over > 0 ? Math.min(1000 * 2 ** (over - 1), this.maxDelayMs) : 0;
    const now = this.now();
    // Re-inserted so the Map's order stays oldest-failure first for eviction.
    this.entries.delete(key);
    this.entries.set(key, { failures, lastFailureAt: now, retryAt: now + delayMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return Math.ceil(delayMs / 1000);
  }

  recordSuccess(account: string, address: string): void {
    this.entries.delete(this.key(account, address));
  }
}
