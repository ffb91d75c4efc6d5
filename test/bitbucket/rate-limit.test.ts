// The token bucket as data: refill, X-RateLimit-* adoption, 429 and Retry-After.
import { describe, expect, it } from 'vitest';
import { newRateBucket, observeResponse, rateLimitedTransport, RateLimitPause, takeTokens } from '../../src/bitbucket/rate-limit';

const headers = (h: Record<string, string>) => new Headers(h);
const T0 = 1_000_000;

describe('rate bucket', () => {
  it('starts with a burst of a tenth of the hourly limit and refills at the hourly rate', () => {
    let bucket = newRateBucket(T0, 1000);
    expect(bucket.capacity).toBe(100);
    for (let i = 0; i < 100; i += 1) {
      const taken = takeTokens(bucket, T0);
      expect(taken.ok).toBe(true);
      bucket = taken.bucket;
    }
    const empty = takeTokens(bucket, T0);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.waitMs).toBe(3600); // one token per 3.6 s at 1,000/h
    expect(takeTokens(bucket, T0 + 3600).ok).toBe(true);
  });

  it('adopts the limit Bitbucket states and halves the pace near the limit', () => {
    const bucket = observeResponse(newRateBucket(T0), T0, { status: 200, headers: headers({ 'X-RateLimit-Limit': '10000', 'X-RateLimit-NearLimit': 'true' }) });
    expect(bucket.limitPerHour).toBe(10_000);
    expect(bucket.nearLimit).toBe(true);
    const drained = { ...bucket, tokens: 0 };
    const wait = takeTokens(drained, T0);
    expect(wait.ok).toBe(false);
    if (!wait.ok) expect(wait.waitMs).toBe(720); // 0.36 s per token, doubled near the limit
  });

  it('a raised limit adds only the extra burst; a lowered one caps what is left', () => {
    const spent = { ...newRateBucket(T0), tokens: 40 }; // 60 of the first 100 spent
    const raised = observeResponse(spent, T0, { status: 200, headers: headers({ 'X-RateLimit-Limit': '10000' }) });
    expect(raised.capacity).toBe(1000);
    expect(raised.tokens).toBe(940);
    const lowered = observeResponse(raised, T0, { status: 200, headers: headers({ 'X-RateLimit-Limit': '500' }) });
    expect(lowered.capacity).toBe(50);
    expect(lowered.tokens).toBe(0); // 940 - 950 spent more than the new burst allows
  });

  it('a 429 blocks until Retry-After (or a minute without it)', () => {
    const withHeader = observeResponse(newRateBucket(T0), T0, { status: 429, headers: headers({ 'Retry-After': '42' }) });
    const blocked = takeTokens(withHeader, T0 + 1000);
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) expect(blocked.waitMs).toBe(41_000);
    const without = observeResponse(newRateBucket(T0), T0, { status: 429, headers: headers({}) });
    expect(without.blockedUntil).toBe(T0 + 60_000);
  });

  it('Remaining: 0 with a Reset blocks until the reset', () => {
    const bucket = observeResponse(newRateBucket(T0), T0, { status: 200, headers: headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '30' }) });
    expect(bucket.tokens).toBe(0);
    expect(bucket.blockedUntil).toBe(T0 + 30_000);
  });

  it('the limited transport throws RateLimitPause instead of sending when empty, and reservations are refunded', async () => {
    let now = T0;
    let sent = 0;
    const gate = rateLimitedTransport(
      async () => {
        sent += 1;
        return { status: 200, headers: headers({}), body: new Uint8Array() };
      },
      { ...newRateBucket(T0, 1000), tokens: 3 },
      () => now,
    );
    const request = { method: 'GET' as const, pathTemplate: '/x', literals: ['/2.0/x'], values: [], query: [], headers: {} };
    gate.reserve(3);
    await gate.transport(request);
    gate.refundUnused();
    expect(gate.current().tokens).toBeCloseTo(2, 5);
    await gate.transport(request);
    await gate.transport(request);
    await expect(gate.transport(request)).rejects.toBeInstanceOf(RateLimitPause);
    expect(sent).toBe(3);
    now += 3600;
    await gate.transport(request);
    expect(gate.sent()).toBe(4);
  });
});
