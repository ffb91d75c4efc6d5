import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBitbucketClient } from '../../src/bitbucket/client';
import { BitbucketError } from '../../src/bitbucket/errors';
import { backoffMs, parseRetryAfter } from '../../src/bitbucket/retry';
import { DEFAULT_RETRY_POLICY } from '../../src/bitbucket/retry-policy';
import { TransportNetworkError } from '../../src/bitbucket/transport';
import { HASH_A, REPO, fakeClock, scriptedTransport, type Step } from './fakes';

const REPOSITORY_JSON = {
  uuid: REPO.repositoryUuid,
  slug: 'demo',
  full_name: 'acme/demo',
  mainbranch: { name: 'main' },
  workspace: { uuid: REPO.workspaceUuid, slug: 'acme' },
  links: { html: { href: 'https://bitbucket.org/acme/demo' } },
};

function setup(steps: Step[], random: () => number = () => 0.5) {
  const script = scriptedTransport(steps);
  const clock = fakeClock();
  const client = createBitbucketClient({ transport: script.transport, clock, random });
  return { client, clock, script };
}

async function failure(promise: Promise<unknown>): Promise<BitbucketError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BitbucketError);
  return error as BitbucketError;
}

const dropped = () => ({ throws: new TransportNetworkError('socket hang up') });

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
  });
});

describe('backoffMs (full jitter)', () => {
  it('stays within [0, min(maxDelay, base * 2^(n-1))) for any random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (retry - 1));
        const delay = backoffMs(DEFAULT_RETRY_POLICY, retry, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }),
    );
  });
  it('grows exponentially up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(DEFAULT_RETRY_POLICY, n, top))).toEqual([399, 799, 1599, 2999, 2999]);
  });
});

describe('retries on 429', () => {
  it('waits the Retry-After seconds, then succeeds', async () => {
    const { client, clock, script } = setup([
      { status: 429, headers: { 'Retry-After': '2' }, body: { type: 'error', error: { message: 'Rate limit for this resource has been exceeded' } } },
      { status: 200, body: REPOSITORY_JSON },
    ]);
    const repo = await client.getRepository(REPO);
    expect(repo.slug).toBe('demo');
    expect(clock.sleeps).toEqual([2000]);
    expect(script.requests).toHaveLength(2);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const { client, clock } = setup([
      { status: 429, headers: { 'Retry-After': 'Wed, 25 Nov 2026 12:00:03 GMT' } },
      { status: 200, body: REPOSITORY_JSON },
    ]);
    await client.getRepository(REPO);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('fails at once with rate-limited when Retry-After exceeds the budget, naming the wait', async () => {
    const { client, clock, script } = setup([{ status: 429, headers: { 'Retry-After': '30' } }]);
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.message).toContain('Try again in 30 s');
    expect(clock.sleeps).toEqual([]);
    expect(script.requests).toHaveLength(1);
  });

  it('without Retry-After backs off, and after the last attempt says to wait a few minutes', async () => {
    const { client, clock, script } = setup(Array.from({ length: 4 }, () => ({ status: 429 })), () => 0);
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('rate-limited');
    expect(error.hint).toContain('in a few minutes');
    expect(script.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(clock.sleeps).toEqual([0, 0, 0]);
  });
});

describe('retries on 502/503/504', () => {
  it.each([502, 503, 504])('retries %i with jittered exponential back-off', async (status) => {
    const { client, clock, script } = setup([{ status }, { status }, { status: 200, body: REPOSITORY_JSON }], () => 0.5);
    await client.getRepository(REPO);
    expect(clock.sleeps).toEqual([200, 400]);
    expect(script.requests).toHaveLength(3);
  });

  it('gives up after maxAttempts with bitbucket-unavailable', async () => {
    const { client, script } = setup(Array.from({ length: 4 }, () => ({ status: 503 })));
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('bitbucket-unavailable');
    expect(error.status).toBe(503);
    expect(script.remaining()).toBe(0);
  });

  it('never sleeps past the budget: stops when the next wait would overrun it', async () => {
    const { client, clock, script } = setup([
      { status: 503, headers: { 'Retry-After': '3' } },
      { status: 503, headers: { 'Retry-After': '3' } },
      { status: 503, headers: { 'Retry-After': '3' } },
      { status: 200, body: REPOSITORY_JSON },
    ]);
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('bitbucket-unavailable');
    expect(clock.sleeps).toEqual([3000, 3000]);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.budgetMs);
    expect(script.requests).toHaveLength(3);
  });

  it('counts time spent waiting for answers against the budget', async () => {
    const clock = fakeClock();
    let calls = 0;
    const client = createBitbucketClient({
      clock,
      random: () => 0.99,
      transport: async () => {
        calls += 1;
        clock.advance(3000); // each answer takes 3 s
        return { status: 504, headers: new Headers(), body: new Uint8Array() };
      },
    });
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('bitbucket-unavailable');
    // Answers at 3 s and 6.396 s; after the second, a 0.792 s wait would leave
    // less than minAttemptMs (1 s) of the 8 s budget for a third try.
    expect(clock.sleeps).toEqual([396]);
    expect(calls).toBe(2);
  });
});

describe('statuses that are never retried', () => {
  it.each([
    [400, 'invalid-input'],
    [401, 'forbidden'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [500, 'bitbucket-unavailable'],
  ] as const)('%i is answered at once as %s', async (status, code) => {
    const { client, script, clock } = setup([{ status, body: { type: 'error', error: { message: `status ${status}` } } }]);
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe(code);
    expect(error.bitbucketMessage).toBe(`status ${status}`);
    expect(script.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('idempotency decides what is retried', () => {
  const PR_INPUT = {
    title: 'Set up Chainguard OIDC',
    description: 'Adds a step',
    sourceBranch: 'chainguard-oidc-setup',
    destinationBranch: 'main',
    closeSourceBranch: true,
  };

  it.each([
    ['503', { status: 503 }],
    ['429', { status: 429, headers: { 'Retry-After': '1' } }],
    ['a dropped connection', dropped()],
  ] as [string, Step][])('POST /pullrequests is not sent again after %s', async (_label, step) => {
    const { client, script } = setup([step, { status: 201, body: {} }]);
    await failure(client.createPullRequest(REPO, PR_INPUT));
    expect(script.requests).toHaveLength(1);
    expect(script.remaining()).toBe(1);
  });

  it('POST /pipelines_config/variables is not sent again after 503', async () => {
    const { client, script } = setup([{ status: 503 }, { status: 201, body: {} }]);
    await failure(client.createVariable(REPO, { key: 'CHAINGUARD_IDENTITY', value: 'x', secured: false }));
    expect(script.requests).toHaveLength(1);
  });

  it('POST /src (guarded by parents) is sent again, with the same body, after 503 and a dropped connection', async () => {
    const location = `https://api.bitbucket.org/2.0/repositories/acme/demo/commit/${HASH_A}`;
    const { client, script } = setup([{ status: 503 }, dropped(), { status: 201, headers: { Location: location } }]);
    const result = await client.commitFile(REPO, {
      branch: 'chainguard-oidc-setup',
      parent: 'c'.repeat(40),
      path: 'bitbucket-pipelines.yml',
      content: 'pipelines: {}\n',
      message: 'Add Chainguard OIDC',
    });
    expect(result.commit).toBe(HASH_A);
    expect(script.requests).toHaveLength(3);
    const bodies = new Set(script.requests.map((r) => r.body));
    expect(bodies.size).toBe(1);
  });

  it('PUT of a variable is retried after 502', async () => {
    const variable = { uuid: '{v}', key: 'CHAINGUARD_IDENTITY', value: 'id', secured: false };
    const { client, script } = setup([{ status: 502 }, { status: 200, body: variable }]);
    const updated = await client.updateVariable(REPO, '{v}', { key: 'CHAINGUARD_IDENTITY', value: 'id', secured: false });
    expect(updated.value).toBe('id');
    expect(script.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });
});

describe('dropped connections', () => {
  it('are retried for reads and then succeed', async () => {
    const { client, script } = setup([dropped(), dropped(), { status: 200, body: REPOSITORY_JSON }]);
    const repo = await client.getRepository(REPO);
    expect(repo.fullName).toBe('acme/demo');
    expect(script.requests).toHaveLength(3);
  });

  it('become bitbucket-unavailable with no status after the last attempt', async () => {
    const { client } = setup(Array.from({ length: 4 }, dropped));
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('bitbucket-unavailable');
    expect(error.status).toBeNull();
    expect(error.cause).toBeInstanceOf(TransportNetworkError);
    expect(error.message).toContain('Could not read the repository');
  });

  it('other errors (e.g. Forge NeedsAuthenticationError) propagate unchanged and are not retried', async () => {
    class NeedsAuthenticationError extends Error {}
    const original = new NeedsAuthenticationError('Authentication Required');
    const { client, script } = setup([{ throws: original }, { status: 200, body: REPOSITORY_JSON }]);
    await expect(client.getRepository(REPO)).rejects.toBe(original);
    expect(script.requests).toHaveLength(1);
  });
});

describe('the policy is data', () => {
  it('a caller-supplied policy changes what is retried', async () => {
    const script = scriptedTransport([{ status: 503 }, { status: 200, body: REPOSITORY_JSON }]);
    const client = createBitbucketClient({
      transport: script.transport,
      clock: fakeClock(),
      random: () => 0,
      policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 },
    });
    await failure(client.getRepository(REPO));
    expect(script.requests).toHaveLength(1);
  });
});

describe('timeouts and the overall budget', () => {
  it('gives each attempt a timeout capped by what is left of the budget', async () => {
    const clock = fakeClock();
    const timeouts: number[] = [];
    const script = scriptedTransport([{ status: 503, headers: { 'Retry-After': '3' } }, { status: 200, body: REPOSITORY_JSON }]);
    const client = createBitbucketClient({
      transport: script.transport,
      clock,
      random: () => 0,
      abortAfter: (ms) => {
        timeouts.push(ms);
        return new AbortController().signal;
      },
    });
    await client.getRepository(REPO);
    expect(timeouts).toEqual([DEFAULT_RETRY_POLICY.attemptTimeoutMs, DEFAULT_RETRY_POLICY.budgetMs - 3000]);
  });

  it('an attempt aborted by its timeout counts as a dropped connection', async () => {
    const clock = fakeClock();
    let calls = 0;
    const client = createBitbucketClient({
      clock,
      random: () => 0,
      abortAfter: () => AbortSignal.abort(),
      transport: async (_request, options) => {
        calls += 1;
        clock.advance(DEFAULT_RETRY_POLICY.attemptTimeoutMs);
        if (options?.signal?.aborted) throw new TransportNetworkError('no answer in time');
        throw new Error('the signal should have been passed to the transport');
      },
    });
    const error = await failure(client.getRepository(REPO));
    expect(error.code).toBe('bitbucket-unavailable');
    expect(error.status).toBeNull();
    // the first attempt used the whole budget, so there is no second one
    expect(calls).toBe(1);
  });

  it('totalBudgetMs spans calls: a later call gets only what is left, then none at all', async () => {
    const clock = fakeClock();
    const timeouts: number[] = [];
    let calls = 0;
    const client = createBitbucketClient({
      clock,
      random: () => 0,
      totalBudgetMs: 10_000,
      abortAfter: (ms) => {
        timeouts.push(ms);
        return new AbortController().signal;
      },
      transport: async () => {
        calls += 1;
        clock.advance(4_000);
        return { status: 200, headers: new Headers(), body: new TextEncoder().encode(JSON.stringify(REPOSITORY_JSON)) };
      },
    });
    await client.getRepository(REPO); // 0 → 4 s
    await client.getRepository(REPO); // 4 → 8 s, timeout capped at the 6 s left
    await client.getRepository(REPO); // 8 → 12 s, timeout capped at the 2 s left
    const error = await failure(client.getRepository(REPO)); // nothing left: not even sent
    expect(timeouts).toEqual([8000, 6000, 2000]);
    expect(calls).toBe(3);
    expect(error.code).toBe('bitbucket-unavailable');
    expect(error.hint).toContain('too slowly');
  });
});
