// The Forge wiring's time budget: both Bitbucket clients of one invocation
// count down one budget that starts with the invocation, and each invocation
// gets a fresh one (not one budget from module load). @forge/api and
// @forge/kvs are replaced at the module boundary; time is faked.
import type { Route } from '@forge/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const platform = vi.hoisted(() => ({
  /** "app GET /2.0/…" per request that reached Bitbucket. */
  calls: [] as string[],
  /** How long Bitbucket takes to answer, in (fake) milliseconds. */
  answerAfterMs: 0,
}));

vi.mock('@forge/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@forge/api')>();
  const principal = (who: 'app' | 'user') => ({
    requestBitbucket: async (url: Route, init?: { method?: string }) => {
      platform.calls.push(`${who} ${init?.method ?? 'GET'} ${url.value}`);
      // Under fake timers a wait only ends when the test advances time.
      if (platform.answerAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, platform.answerAfterMs));
      const body = new TextEncoder().encode(JSON.stringify({ type: 'pipelines_config', enabled: true }));
      return { status: 200, headers: new Headers(), arrayBuffer: async () => body.buffer };
    },
  });
  const asApp = () => principal('app');
  const asUser = () => principal('user');
  return { ...actual, default: { ...actual.default, asApp, asUser }, asApp, asUser };
});

vi.mock('@forge/kvs', () => {
  const kvs = { get: async () => undefined, set: async () => undefined };
  return { kvs, default: kvs };
});

import { INVOCATION_BUDGET_MS, invocationClients, productionDeps } from '../../src/forge/production-deps';

const ids = {
  workspaceUuid: '{3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c}',
  repositoryUuid: '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}',
};

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-25T23:00:00Z') });
  platform.calls = [];
  platform.answerAfterMs = 0;
});
afterEach(() => vi.useRealTimers());

describe('one time budget per resolver invocation', () => {
  it('stays well under Forge\'s 25 s limit', () => {
    expect(INVOCATION_BUDGET_MS).toBeGreaterThanOrEqual(10_000);
    expect(INVOCATION_BUDGET_MS).toBeLessThanOrEqual(21_000);
  });

  it('refuses to start a Bitbucket call once the budget is spent, on the read and the write client', async () => {
    const { read, write } = invocationClients();
    await expect(read.getPipelinesConfig(ids)).resolves.toEqual({ enabled: true });
    vi.advanceTimersByTime(INVOCATION_BUDGET_MS);
    await expect(read.getPipelinesConfig(ids)).rejects.toMatchObject({ code: 'bitbucket-unavailable', status: null });
    await expect(write.getPipelinesConfig(ids)).rejects.toThrow(/too slowly/);
    expect(platform.calls).toHaveLength(1);
  });

  it('counts time spent by the read client against the write client', async () => {
    const { read, write } = invocationClients();
    platform.answerAfterMs = INVOCATION_BUDGET_MS + 1;
    const slowRead = read.getPipelinesConfig(ids);
    await vi.advanceTimersByTimeAsync(INVOCATION_BUDGET_MS + 1);
    await slowRead;
    platform.answerAfterMs = 0;
    await expect(write.getPipelinesConfig(ids)).rejects.toThrow(/too slowly/);
    expect(platform.calls).toEqual([expect.stringMatching(/^app GET /)]);
  });

  it('gives each invocation a fresh budget, not one that started at module load', async () => {
    const deps = productionDeps();
    vi.advanceTimersByTime(INVOCATION_BUDGET_MS * 3);
    const { read, write } = deps.clients();
    await expect(read.getPipelinesConfig(ids)).resolves.toEqual({ enabled: true });
    vi.advanceTimersByTime(INVOCATION_BUDGET_MS - 1_000);
    await expect(write.getPipelinesConfig(ids)).resolves.toEqual({ enabled: true });
    expect(platform.calls).toEqual([expect.stringMatching(/^app GET /), expect.stringMatching(/^user GET /)]);
  });
});
