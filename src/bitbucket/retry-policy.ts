// When the client sends a request again, as data. The engine in retry.ts
// executes it; tests and callers may pass their own policy.
import type { Idempotency } from './operations';

export interface RetryPolicy {
  /** Statuses worth another try: rate limiting and gateway/availability failures. */
  retryStatuses: readonly number[];
  /** Total tries, including the first. */
  maxAttempts: number;
  /** Back-off before retry n (1-based) is random() * min(maxDelayMs, baseDelayMs * 2^(n-1)): "full jitter". */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Wall-clock budget for one call, sleeps included. A Forge resolver dies at
   * 25 s and makes several calls, so one call never waits past this: when the
   * next wait (Retry-After or back-off) would overrun it, the call fails at once.
   */
  budgetMs: number;
  /**
   * Longest wait for one answer; capped by what is left of the budget, so a
   * hanging Bitbucket turns into an error before Forge kills the resolver.
   */
  attemptTimeoutMs: number;
  /** A retry is only worth it if at least this much budget is left for it after the wait. */
  minAttemptMs: number;
  /** Retry when the connection failed (no HTTP answer). */
  retryNetworkErrors: boolean;
  /** Which kinds of operation may be sent again at all (see Idempotency). */
  retryable: Readonly<Record<Idempotency, boolean>>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryStatuses: [429, 502, 503, 504],
  maxAttempts: 4,
  baseDelayMs: 400,
  maxDelayMs: 3_000,
  budgetMs: 8_000,
  attemptTimeoutMs: 8_000,
  minAttemptMs: 1_000,
  retryNetworkErrors: true,
  retryable: {
    read: true,
    'idempotent-write': true,
    // Safe because `parents` is required by the client: see operations.ts.
    'conditional-write': true,
    // POST /pullrequests and POST variables: the use case looks before it creates.
    'unsafe-write': false,
  },
};
