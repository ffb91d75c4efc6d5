// The real Forge handler (src/index.ts) end to end: @forge/api and @forge/kvs
// are replaced at the module boundary; everything between (resolvers, use
// cases, Bitbucket client, Forge transport with the real `route`) is the
// production code, talking to the Bitbucket simulator over a loopback socket.
import type { Route } from '@forge/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  demoSeed,
  seedRepository,
  startSimulator,
  type SimRepository,
  type Simulator,
} from '../../preview/simulator';

/** Shared with the module mocks below (vi.mock factories are hoisted above imports). */
const platform = vi.hoisted(() => ({
  simulatorUrl: '',
  /** Bearer token the simulator maps to "the user using the page". */
  userToken: 'admin-user',
  /** When set, asUser() behaves as before the user allowed access. */
  userHasNotConsented: false,
  /** When set, asApp() fails with this (a platform failure nobody expects). */
  appFailure: null as Error | null,
  /** Which principal made each Bitbucket call: "app GET /2.0/…". */
  calls: [] as string[],
  storage: new Map<string, unknown>(),
  failStorageWrites: null as Error | null,
}));

vi.mock('@forge/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@forge/api')>();
  const requestAs =
    (principal: 'app' | 'user', token: () => string) =>
    async (url: Route, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
      if (typeof url?.value !== 'string') throw new Error('requestBitbucket called without a route');
      platform.calls.push(`${principal} ${init?.method ?? 'GET'} ${url.value}`);
      return fetch(`${platform.simulatorUrl}${url.value}`, {
        ...init,
        headers: { ...init?.headers, Authorization: `Bearer ${token()}` },
      });
    };
  const asApp = () => ({
    requestBitbucket: async (url: Route, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
      if (platform.appFailure) throw platform.appFailure;
      return requestAs('app', () => 'app')(url, init);
    },
  });
  const asUser = () => ({
    requestBitbucket: async (url: Route, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
      if (platform.userHasNotConsented) {
        throw new actual.NeedsAuthenticationError('Authentication required', 'bitbucket', {
          scopes: ['write:repository:bitbucket'],
          isExpectedError: true,
        });
      }
      return requestAs('user', () => platform.userToken)(url, init);
    },
  });
  return { ...actual, default: { ...actual.default, asApp, asUser }, asApp, asUser };
});

vi.mock('@forge/kvs', () => {
  const kvs = {
    get: async (key: string) => structuredClone(platform.storage.get(key)),
    set: async (key: string, value: unknown) => {
      if (platform.failStorageWrites) throw platform.failStorageWrites;
      if (!/^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/.test(key)) throw new Error(`KVS rejects the key ${key}`);
      platform.storage.set(key, structuredClone(value));
    },
  };
  return { kvs, default: kvs };
});

import { handler } from '../../src/index';
import type { ResolverKey, ResultOf } from '../../src/api/contract';
import { SETUP_BRANCH, IDENTITY_VARIABLE } from '../../src/usecases/types';

let sim: Simulator;
let webApp: SimRepository;
let other: SimRepository;

function contextFor(repo: SimRepository) {
  return {
    workspaceId: repo.workspace.uuid,
    extension: { type: 'bitbucket:repoSettingsMenuPage', repository: { uuid: repo.uuid } },
    moduleKey: 'chainguard-oidc-settings',
    localId: 'test',
  };
}

async function invoke<K extends ResolverKey>(functionKey: K, payload: unknown, repo = webApp): Promise<ResultOf<K>> {
  // @forge/resolver JSON round-trips the result, as the platform does.
  return (await handler({ call: { functionKey, payload: payload as never }, context: contextFor(repo) })) as ResultOf<K>;
}

const choices = { organization: 'example.com', trust: { kind: 'branch', branch: 'main' } };
const UIDP = `${'0123456789abcdef'.repeat(2)}01234567/0123456789abcdef`;

beforeAll(async () => {
  sim = await startSimulator({
    seed: (state) => {
      webApp = demoSeed(state).repo;
      other = seedRepository(state, {
        workspace: 'acme',
        repository: 'other-repo',
        files: { 'bitbucket-pipelines.yml': 'pipelines:\n  default:\n    - step:\n        script:\n          - echo other\n' },
      }).repo;
      state.addActor('app', { displayName: 'Chainguard OIDC (app)', nickname: 'chainguard-oidc', permission: 'admin' });
      state.addActor('admin-user', { displayName: 'Ada Admin', nickname: 'ada', permission: 'admin' });
      state.addActor('reader-user', { displayName: 'Rita Reader', nickname: 'rita', permission: 'read' });
    },
  });
  platform.simulatorUrl = sim.url;
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => {
  platform.userToken = 'admin-user';
  platform.userHasNotConsented = false;
  platform.appFailure = null;
  platform.failStorageWrites = null;
  platform.calls.length = 0;
  sim.faults.clear();
});

describe('IDs come only from the Forge context', () => {
  it('loadPage describes the repository in the context', async () => {
    const result = await invoke('loadPage', { repositoryUuid: other.uuid });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.setup.facts.repository).toMatchObject({ slug: 'web-app', uuid: webApp.uuid });
    const forOther = await invoke('loadPage', {}, other);
    if (!forOther.ok) throw new Error(forOther.error.message);
    expect(forOther.data.setup.facts.repository.slug).toBe('other-repo');
  });

  it('openPullRequest with another repository in the payload opens it in the context repository only', async () => {
    const payload = {
      choices,
      repositoryUuid: other.uuid,
      workspaceUuid: other.workspace.uuid,
      repository: { uuid: other.uuid },
    };
    const result = await invoke('openPullRequest', payload);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.outcome).toBe('created');
    expect(webApp.pullRequests.map((pr) => pr.sourceBranch)).toEqual([SETUP_BRANCH]);
    expect(webApp.branches.has(SETUP_BRANCH)).toBe(true);
    expect(other.pullRequests).toEqual([]);
    expect(other.branches.has(SETUP_BRANCH)).toBe(false);
    // Bitbucket saw only the context repository's UUID.
    const otherBare = encodeURIComponent(other.uuid);
    expect(platform.calls.filter((c) => c.includes(otherBare) || c.includes('other-repo'))).toEqual([]);
  });

  it('saveIdentity with another repository in the payload sets the variable on the context repository only', async () => {
    const result = await invoke('saveIdentity', { identityId: UIDP, repositoryUuid: other.uuid });
    if (!result.ok) throw new Error(result.error.message);
    expect(webApp.variables.find((v) => v.key === IDENTITY_VARIABLE)?.value).toBe(UIDP);
    expect(other.variables).toEqual([]);
  });
});

describe('who acts', () => {
  it('reads as the app and writes as the user', async () => {
    sim.state.repositories.forEach((r) => (r.pullRequests.length = 0));
    const result = await invoke('openPullRequest', { choices: { ...choices, organization: 'acme.example' } });
    expect(result.ok).toBe(true);
    const writes = platform.calls.filter((c) => !c.includes(' GET '));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((c) => c.startsWith('user '))).toBe(true);
    platform.calls.length = 0;
    await invoke('loadPage', {});
    expect(platform.calls.length).toBeGreaterThan(0);
    expect(platform.calls.every((c) => c.startsWith('app GET '))).toBe(true);
  });
});

describe('payload validation through the real use cases', () => {
  it('refuses an organization that breaks Chainguard\'s name rule, and writes nothing', async () => {
    const before = sim.requests.length;
    const result = await invoke('openPullRequest', { choices: { organization: 'Evil"; rm -rf /' } }, other);
    if (result.ok) throw new Error('expected invalid-input');
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.fields?.map((f) => f.field)).toContain('organization');
    expect(sim.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(other.branches.has(SETUP_BRANCH)).toBe(false);
  });

  it.each([
    ['wrong types', { choices: { organization: ['example.com'] } }, 'organization'],
    ['an extra key inside choices', { choices: { ...choices, repositoryUuid: '{x}' } }, 'repositoryUuid'],
    ['a selection of the wrong shape', { choices, selection: { steps: [1, 2] } }, 'selection.steps.0'],
  ])('refuses %s before calling Bitbucket', async (_what, payload, field) => {
    const result = await invoke('openPullRequest', payload, other);
    if (result.ok) throw new Error('expected invalid-input');
    expect(result.error).toMatchObject({ code: 'invalid-input' });
    expect(result.error.fields?.map((f) => f.field)).toContain(field);
    expect(platform.calls).toEqual([]);
  });

  it('refuses an identity ID that is not a Chainguard UIDP', async () => {
    const result = await invoke('saveIdentity', { identityId: 'not-an-id' }, other);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(other.variables).toEqual([]);
  });
});

describe('typed errors', () => {
  it('answers a Bitbucket 403 with forbidden, naming the scope and permission needed', async () => {
    platform.userToken = 'reader-user';
    const result = await invoke('openPullRequest', { choices }, other);
    if (result.ok) throw new Error('expected forbidden');
    expect(result.error.code).toBe('forbidden');
    expect(result.error.status).toBe(403);
    expect(result.error.message).toMatch(/write:repository:bitbucket/);
    expect(result.error.message).toMatch(/write access/);
    expect(other.pullRequests).toEqual([]);
  });

  it('answers needs-authentication when the user has not allowed access yet', async () => {
    platform.userHasNotConsented = true;
    const pr = await invoke('openPullRequest', { choices }, other);
    expect(pr).toMatchObject({ ok: false, error: { code: 'needs-authentication' } });
    const id = await invoke('saveIdentity', { identityId: UIDP }, other);
    expect(id).toMatchObject({ ok: false, error: { code: 'needs-authentication' } });
    expect(other.pullRequests).toEqual([]);
    expect(other.variables).toEqual([]);
  });

  it('lets Forge show its consent screen when the page retries with allowAccess', async () => {
    platform.userHasNotConsented = true;
    await expect(invoke('openPullRequest', { choices, allowAccess: true }, other)).rejects.toMatchObject({
      name: 'NEEDS_AUTHENTICATION_ERR',
    });
    await expect(invoke('saveIdentity', { identityId: UIDP, allowAccess: true }, other)).rejects.toMatchObject({
      name: 'NEEDS_AUTHENTICATION_ERR',
    });
    expect(other.pullRequests).toEqual([]);
  });

  it('answers internal, without a stack, when the platform throws something unexpected', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    platform.appFailure = new RangeError('socket pool exhausted at /var/task/index.js:1:2');
    const result = await invoke('loadPage', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/RangeError|socket pool|index\.js|\bat\s/);
    expect(Object.keys(result)).toEqual(['ok', 'error']);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it('answers internal when storage fails while saving choices', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    platform.failStorageWrites = new Error('KVS 500');
    const result = await invoke('saveChoices', { choices });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toMatch(/could not be saved.*Try again/);
    logged.mockRestore();
  });
});

describe('saved choices', () => {
  it('round-trip through KVS under a brace-free key and come back with the page', async () => {
    const selection = { steps: ['branches.main/0'], addCustomPipeline: true };
    const saved = await invoke('saveChoices', { choices, selection, repositoryUuid: other.uuid });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(Date.parse(saved.data.savedAt)).not.toBeNaN();
    const key = `choices:${webApp.uuid.slice(1, -1)}`;
    expect(platform.storage.get(key)).toEqual(saved.data);
    expect([...platform.storage.keys()].some((k) => k.includes(other.uuid.slice(1, -1)) && k.startsWith('choices:'))).toBe(false);

    const page = await invoke('loadPage', {});
    if (!page.ok) throw new Error(page.error.message);
    expect(page.data.saved).toEqual(saved.data);
    expect(platform.storage.get(`main-branch:${webApp.uuid.slice(1, -1)}`)).toBe('main');
  });

  it('a corrupt stored value loads as nothing saved', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    platform.storage.set(`choices:${other.uuid.slice(1, -1)}`, '{"choices": not json');
    const page = await invoke('loadPage', {}, other);
    if (!page.ok) throw new Error(page.error.message);
    expect(page.data.saved).toBeNull();
    warned.mockRestore();
  });
});

describe('function keys', () => {
  it.each(['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf', 'loadpage', 'nope'])(
    '%j is not one of ours: "no such function", and nothing of the context comes back',
    async (functionKey) => {
      const { handler } = await import('../../src/index');
      const call = handler({ call: { functionKey, payload: {} }, context: contextFor(webApp) });
      await expect(call).rejects.toThrow(/^No such function .*: this app defines loadPage, /);
      await expect(call).rejects.not.toThrow(webApp.uuid);
    },
  );

  it('a key that is ours still answers', async () => {
    expect(await invoke('loadPage', {})).toMatchObject({ ok: true });
  });
});

describe('payload limits', () => {
  it('a payload with 100,000 unknown keys gets the first 20 problems and a count, not a 15 MB answer', async () => {
    const choices: Record<string, unknown> = { organization: 'example.com' };
    for (let i = 0; i < 100_000; i++) choices[`k${i}`] = 1;
    const result = await invoke('saveChoices', { choices });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (result.ok) return;
    expect(result.error.fields).toHaveLength(20);
    expect(result.error.fields?.[0]).toEqual({ field: 'k0', message: 'Unknown field "k0": remove it or check its spelling.' });
    expect(result.error.message).toMatch(/and 99,?980 more problems \(100,?000 in all\)$/);
    expect(JSON.stringify(result).length).toBeLessThan(5_000);
  });

  it('choices too large for Forge storage are refused up front, naming the limit', async () => {
    const steps = Array.from({ length: 500 }, (_, i) => `${'é'.repeat(400)}/${i}`);
    for (const key of ['saveChoices', 'openPullRequest'] as const) {
      const result = await invoke(key, { choices: { organization: 'example.com' }, selection: { steps } });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'selection' }] } });
      expect(!result.ok && result.error.message).toMatch(/take \d+ KiB, more than the 200 KiB this app saves \(Forge storage holds at most 240 KiB per value\)\. Select fewer steps\./);
    }
    const fitting = await invoke('saveChoices', { choices: { organization: 'example.com' }, selection: { steps: steps.slice(0, 100) } });
    expect(fitting).toMatchObject({ ok: true });
  });
});
