// The retry engine: sends, waits, sends again, as a RetryPolicy says.
// Time and randomness are injected so tests run without sleeping.
import type { Idempotency } from './operations';
import type { RetryPolicy } from './retry-policy';
import { TransportNetworkError, type BitbucketResponse } from './transport';

export interface Clock {
  /** Milliseconds since the epoch (Retry-After dates are compared with it). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How the engine finished. A non-2xx response is returned, not thrown: the client maps it. */
export type RetryOutcome =
  | { kind: 'response'; response: BitbucketResponse; attempts: number; gaveUp?: GiveUp }
  | { kind: 'network-error'; error: TransportNetworkError; attempts: number; gaveUp?: GiveUp };

/** Why a retryable failure was not retried: out of attempts, or the next wait would overrun the budget. */
export interface GiveUp {
  reason: 'attempts' | 'budget';
  /** The wait that was due before the next try (what the user should wait). */
  waitMs: number;
}

/**
 * Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Null when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always end in "GMT"; this keeps Date.parse's leniency ("-3"
  // reads as a year) from turning junk into a wait.
  if (!/GMT$/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Full-jitter exponential back-off before retry `retry` (1-based). */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryOptions {
  policy: RetryPolicy;
  idempotency: Idempotency;
  clock: Clock;
  random: () => number;
  /** This call's budget when less than policy.budgetMs is left (a caller-wide deadline). */
  budgetMs?: number;
  /** A signal that aborts after `ms`; injected so tests control time. */
  abortAfter?: (ms: number) => AbortSignal;
}

const abortAfterTimeout = (ms: number): AbortSignal => AbortSignal.timeout(ms);

/**
 * Calls `send` until it gets an answer worth returning. Errors other than
 * TransportNetworkError (e.g. Forge's NeedsAuthenticationError) propagate unchanged.
 */
export async function runWithRetries(
  send: (signal: AbortSignal) => Promise<BitbucketResponse>,
  { policy, idempotency, clock, random, budgetMs: callBudget, abortAfter = abortAfterTimeout }: RetryOptions,
): Promise<RetryOutcome> {
  const started = clock.now();
  const budgetMs = Math.min(policy.budgetMs, callBudget ?? policy.budgetMs);
  const mayRetry = policy.retryable[idempotency];
  for (let attempt = 1; ; attempt += 1) {
    let outcome: RetryOutcome;
    let waitMs: number;
    const left = budgetMs - (clock.now() - started);
    try {
      const response = await send(abortAfter(Math.max(0, Math.min(policy.attemptTimeoutMs, left))));
      outcome = { kind: 'response', response, attempts: attempt };
      if (!mayRetry || !policy.retryStatuses.includes(response.status)) return outcome;
      const asked = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      waitMs = asked ?? backoffMs(policy, attempt, random);
    } catch (error) {
      if (!(error instanceof TransportNetworkError)) throw error;
      outcome = { kind: 'network-error', error, attempts: attempt };
      if (!mayRetry || !policy.retryNetworkErrors) return outcome;
      waitMs = backoffMs(policy, attempt, random);
    }
    if (attempt >= policy.maxAttempts) return { ...outcome, gaveUp: { reason: 'attempts', waitMs } };
    const elapsed = clock.now() - started;
    if (elapsed + waitMs + policy.minAttemptMs > budgetMs) return { ...outcome, gaveUp: { reason: 'budget', waitMs } };
    await clock.sleep(waitMs);
  }
}
