// A client-side token bucket for Bitbucket's hourly request limit, as plain
// data so a background scan can keep it in storage between invocations.
//
// Bitbucket allows about 1,000 requests per rolling hour on /2.0/repositories/*
// and scales that for Forge apps by paid seats up to 10,000 (notes/forge.md §9,
// "API request limits"). It tells us where we stand in X-RateLimit-* headers on
// scaled endpoints, and a 429 may carry Retry-After. The bucket starts from the
// documented base and adjusts to what the headers say; it never sleeps itself:
// when it is empty, the caller is told how long to wait, and a queue consumer
// re-queues its work with that delay instead of idling inside a function.
import { parseRetryAfter } from './retry';
import type { BitbucketResponse, BitbucketTransport } from './transport';

export interface RateBucket {
  /** Requests allowed per hour (from X-RateLimit-Limit once seen). */
  limitPerHour: number;
  /** Tokens available now (fractional while refilling). */
  tokens: number;
  /** Most tokens the bucket holds: the largest burst. */
  capacity: number;
  /** Epoch ms of the last refill. */
  updatedAt: number;
  /** Epoch ms before which nothing is sent (after a 429 or an exhausted limit). */
  blockedUntil: number;
  /** Bitbucket said we are near the limit (X-RateLimit-NearLimit): refill at half speed. */
  nearLimit: boolean;
}

/** Bitbucket's documented base limit for /2.0/repositories/* (per hour). */
export const BASE_LIMIT_PER_HOUR = 1_000;
/** The scaled ceiling for Forge apps. */
export const MAX_LIMIT_PER_HOUR = 10_000;
/** A 429 without Retry-After waits this long (Bitbucket documents no Retry-After). */
export const DEFAULT_429_WAIT_MS = 60_000;
/** Bursts are capped at six minutes' worth of the hourly limit, so a scan never spends the hour at once. */
const BURST_FRACTION = 0.1;

export function newRateBucket(now: number, limitPerHour = BASE_LIMIT_PER_HOUR): RateBucket {
  const capacity = Math.max(1, Math.floor(limitPerHour * BURST_FRACTION));
  return { limitPerHour, tokens: capacity, capacity, updatedAt: now, blockedUntil: 0, nearLimit: false };
}

function refillPerMs(bucket: RateBucket): number {
  return (bucket.limitPerHour / 3_600_000) * (bucket.nearLimit ? 0.5 : 1);
}

function refilled(bucket: RateBucket, now: number): RateBucket {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  const tokens = Math.min(bucket.capacity, bucket.tokens + elapsed * refillPerMs(bucket));
  return { ...bucket, tokens, updatedAt: Math.max(now, bucket.updatedAt) };
}

export type TakeResult = { ok: true; bucket: RateBucket } | { ok: false; bucket: RateBucket; waitMs: number };

/** Takes `cost` tokens, or says how long until they are there. Pure. */
export function takeTokens(bucket: RateBucket, now: number, cost = 1): TakeResult {
  const current = refilled(bucket, now);
  if (current.blockedUntil > now) return { ok: false, bucket: current, waitMs: current.blockedUntil - now };
  if (current.tokens >= cost) return { ok: true, bucket: { ...current, tokens: current.tokens - cost } };
  const waitMs = Math.ceil((cost - current.tokens) / refillPerMs(current));
  return { ok: false, bucket: current, waitMs };
}

/** The bucket after an answer: adopts the limit Bitbucket states, and stops on 429 or an exhausted limit. Pure. */
export function observeResponse(
  bucket: RateBucket,
  now: number,
  response: Pick<BitbucketResponse, 'status' | 'headers'>,
): RateBucket {
  let next = refilled(bucket, now);
  const header = (name: string) => response.headers.get(name);
  const limit = Number(header('x-ratelimit-limit'));
  if (Number.isFinite(limit) && limit > 0 && limit !== next.limitPerHour) {
    const bounded = Math.min(MAX_LIMIT_PER_HOUR, Math.max(1, Math.floor(limit)));
    const capacity = Math.max(1, Math.floor(bounded * BURST_FRACTION));
    // What was spent stays spent: a raised limit adds only the extra burst, a
    // lowered one caps what is left.
    const tokens = Math.min(capacity, Math.max(0, next.tokens + (capacity - next.capacity)));
    next = { ...next, limitPerHour: bounded, capacity, tokens };
  }
  const near = header('x-ratelimit-nearlimit');
  if (near !== null) next = { ...next, nearLimit: near.trim().toLowerCase() === 'true' };
  const remaining = Number(header('x-ratelimit-remaining') ?? NaN);
  if (Number.isFinite(remaining) && remaining >= 0) next = { ...next, tokens: Math.min(next.tokens, remaining) };
  if (remaining === 0) {
    const reset = resetAt(header('x-ratelimit-reset'), now);
    if (reset !== null) next = { ...next, blockedUntil: Math.max(next.blockedUntil, reset) };
  }
  if (response.status === 429) {
    const wait = parseRetryAfter(header('retry-after'), now) ?? DEFAULT_429_WAIT_MS;
    next = { ...next, tokens: 0, blockedUntil: Math.max(next.blockedUntil, now + wait) };
  }
  return next;
}

/** X-RateLimit-Reset: epoch seconds (as GitHub and Atlassian's other APIs send it) or seconds from now. */
function resetAt(value: string | null, now: number): number | null {
  if (value === null) return null;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n < 0) return null;
  return n > 1_000_000_000 ? n * 1000 : now + n * 1000;
}

/**
 * Thrown by the limited transport instead of sending when the bucket is empty.
 * Not a TransportNetworkError, so the client does not retry it: it reaches the
 * caller, which defers the work by `waitMs`.
 */
export class RateLimitPause extends Error {
  override readonly name = 'RateLimitPause';
  constructor(readonly waitMs: number) {
    super(`Bitbucket's rate limit: paused for ${Math.ceil(waitMs / 1000)} s.`);
  }
}

/** Holds one bucket for a run of requests; the caller saves `current()` when it stops. */
export interface RateGate {
  current(): RateBucket;
  /**
   * Takes `cost` tokens now for a unit of work that must not be split by a
   * pause (a repository's reads), or throws RateLimitPause. Requests then
   * spend reservations first; `refundUnused` returns what none spent.
   */
  reserve(cost: number): void;
  refundUnused(): void;
  /** Requests sent through the gate. */
  sent(): number;
  transport: BitbucketTransport;
}

/**
 * Wraps a transport: each request takes a token first (or throws
 * RateLimitPause), and each answer updates the bucket. A 429 is passed on to
 * the client (which reports `rate-limited`) after blocking the bucket, so no
 * further request goes out until Bitbucket's wait is over.
 */
export function rateLimitedTransport(
  inner: BitbucketTransport,
  start: RateBucket,
  now: () => number,
): RateGate {
  let bucket = start;
  let count = 0;
  let prepaid = 0;
  return {
    current: () => bucket,
    sent: () => count,
    reserve(cost) {
      const taken = takeTokens(bucket, now(), cost);
      bucket = taken.bucket;
      if (!taken.ok) throw new RateLimitPause(taken.waitMs);
      prepaid += cost;
    },
    refundUnused() {
      bucket = { ...bucket, tokens: Math.min(bucket.capacity, bucket.tokens + prepaid) };
      prepaid = 0;
    },
    transport: async (request, options) => {
      if (prepaid > 0) {
        prepaid -= 1;
      } else {
        const taken = takeTokens(bucket, now());
        bucket = taken.bucket;
        if (!taken.ok) throw new RateLimitPause(taken.waitMs);
      }
      count += 1;
      const response = await inner(request, options);
      bucket = observeResponse(bucket, now(), response);
      return response;
    },
  };
}
