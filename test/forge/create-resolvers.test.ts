// The resolver functions with recording fake use cases: what reaches the use
// cases (IDs from the context only, validated payloads) and what comes back
// (typed results, never an exception or a stack).
import { NeedsAuthenticationError } from '@forge/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SavedChoices } from '../../src/api/contract';
import { BitbucketError } from '../../src/bitbucket';
import { forgeDefinitions } from '../../src/forge/resolver-definitions';
import { createResolvers, type SetupHint, type UseCases } from '../../src/resolvers/create-resolvers';
import { choicesKey, mainBranchKey } from '../../src/storage/keys';
import { WORKSPACE_KEYS } from '../../src/storage/workspace-store';
import type { CheckRunView } from '../../src/usecases/check-types';
import { createRepositoryStore, type KeyValueStore } from '../../src/storage/repository-store';
import type { RepoIds, SetupData } from '../../src/usecases/types';

const WORKSPACE = '{3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c}';
const REPO = '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}';
const OTHER_REPO = '{11111111-2222-4333-8444-555555555555}';
const context = { workspaceId: WORKSPACE, extension: { type: 'bitbucket:repoSettingsMenuPage', repository: { uuid: REPO } } };
const NOW = new Date('2026-11-25T23:00:00.000Z');

function setupFor(ids: RepoIds, mainBranch = 'main'): SetupData {
  return {
    facts: {
      workspace: { slug: 'acme', uuid: ids.workspaceUuid },
      repository: { slug: 'web-app', uuid: ids.repositoryUuid, mainBranch },
      environments: [],
    },
    oidc: {
      issuer: 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc',
      audience: 'ari:cloud:bitbucket::workspace/3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c',
      workspaceSlug: 'acme',
      workspaceUuid: ids.workspaceUuid,
      repositorySlug: 'web-app',
      repositoryUuid: ids.repositoryUuid,
      environments: [],
    },
    mainBranchCommit: 'a'.repeat(40),
    pipelineFile: null,
    steps: [],
    oidcSteps: [],
    pipelinesEnabled: { available: true, value: true },
    openPullRequest: { available: true, value: null },
    identityVariable: { available: true, value: null },
  };
}

interface Calls {
  loadSetup: { ids: RepoIds; hint: SetupHint | undefined }[];
  openPullRequest: { ids: RepoIds; input: unknown }[];
  saveIdentity: { ids: RepoIds; identityId: string }[];
}

function harness(options: { mainBranch?: string; fail?: (name: keyof Calls) => unknown; checkRun?: CheckRunView } = {}) {
  const calls: Calls = { loadSetup: [], openPullRequest: [], saveIdentity: [] };
  const clientsMade: string[] = [];
  const useCases: UseCases<string> = {
    async loadSetup(deps, ids, hint) {
      calls.loadSetup.push({ ids, hint });
      expect(deps.read).toBe('read-client');
      const failure = options.fail?.('loadSetup');
      if (failure) throw failure;
      return { ok: true, data: setupFor(ids, options.mainBranch) };
    },
    async openPullRequest(deps, ids, input) {
      calls.openPullRequest.push({ ids, input });
      expect(deps).toEqual({ read: 'read-client', write: 'write-client' });
      const failure = options.fail?.('openPullRequest');
      if (failure) throw failure;
      return { ok: true, data: { outcome: 'no-change', pullRequest: null, message: 'Nothing to change.', changes: null } };
    },
    async saveIdentity(deps, ids, identityId) {
      calls.saveIdentity.push({ ids, identityId });
      expect(deps).toEqual({ read: 'read-client', write: 'write-client' });
      const failure = options.fail?.('saveIdentity');
      if (failure) throw failure;
      return { ok: true, data: { key: 'CHAINGUARD_IDENTITY', value: identityId, created: true } };
    },
  };
  const memory = new Map<string, unknown>();
  const kvs: KeyValueStore = {
    get: async (key) => structuredClone(memory.get(key)),
    set: async (key, value) => void memory.set(key, structuredClone(value)),
  };
  const handlers = createResolvers<string>({
    clients: () => (clientsMade.push('clients'), { read: 'read-client', write: 'write-client' }),
    useCases,
    checks: {
      async startCheck(deps, ids, checkContext) {
        expect(deps).toEqual({ read: 'read-client', write: 'write-client' });
        return { ok: true, data: { outcome: 'refused', reason: `${ids.repositoryUuid} ${checkContext.mainBranch ?? 'unknown'}`, advice: '' } };
      },
      async readCheck(deps, _ids, pipelineUuid) {
        expect(deps).toEqual({ read: 'read-client' });
        if (options.checkRun) return { ok: true, data: { run: options.checkRun, repositoryCount: null, failure: null } };
        return { ok: false, error: { code: 'not-found', message: pipelineUuid } };
      },
      async lastCheck() {
        return { ok: true, data: { run: null } };
      },
    },
    store: createRepositoryStore(kvs),
    clock: { now: () => NOW },
  });
  return { handlers, calls, memory, kvs, clientsMade };
}

const choices = { organization: 'example.com', trust: { kind: 'branch' as const, branch: 'main' } };

afterEach(() => vi.restoreAllMocks());

describe('repository IDs come only from the Forge context', () => {
  it('uses the context IDs and ignores IDs in the payload', async () => {
    const { handlers, calls } = harness();
    const payload = { choices, repositoryUuid: OTHER_REPO, workspaceUuid: OTHER_REPO, ids: { repositoryUuid: OTHER_REPO } };
    const result = await handlers.openPullRequest({ context, payload });
    expect(result.ok).toBe(true);
    expect(calls.openPullRequest).toEqual([
      { ids: { workspaceUuid: WORKSPACE, repositoryUuid: REPO }, input: { choices } },
    ]);
  });

  it('normalises context UUIDs to the braced lower-case form', async () => {
    const { handlers, calls } = harness();
    const upper = { workspaceId: WORKSPACE.slice(1, -1).toUpperCase(), extension: { repository: { uuid: REPO.toUpperCase() } } };
    await handlers.saveIdentity({ context: upper, payload: { identityId: 'x' } });
    expect(calls.saveIdentity[0]?.ids).toEqual({ workspaceUuid: WORKSPACE, repositoryUuid: REPO });
  });

  it.each([
    ['no context', undefined, 'context.workspaceId'],
    ['no repository', { workspaceId: WORKSPACE, extension: {} }, 'context.extension.repository.uuid'],
    ['a repository that is not a UUID', { ...context, extension: { repository: { uuid: '../../other' } } }, 'context.extension.repository.uuid'],
    ['a workspace that is not a UUID', { ...context, workspaceId: 'acme' }, 'context.workspaceId'],
  ])('refuses a call with %s and calls nothing', async (_what, badContext, field) => {
    const { handlers, calls, clientsMade } = harness();
    const result = await handlers.loadPage({ context: badContext, payload: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field }] } });
    expect(calls.loadSetup).toEqual([]);
    expect(clientsMade).toEqual([]);
  });
});

describe('Bitbucket clients', () => {
  it('are made once per invocation, so one invocation shares one time budget', async () => {
    const { handlers, clientsMade } = harness();
    await handlers.loadPage({ context, payload: {} });
    await handlers.openPullRequest({ context, payload: { choices } });
    await handlers.saveIdentity({ context, payload: { identityId: 'x' } });
    expect(clientsMade).toEqual(['clients', 'clients', 'clients']);
  });
});

describe('payload validation', () => {
  it.each([
    ['a missing organization', { choices: {} }, 'organization'],
    ['an organization that is a number', { choices: { organization: 7 } }, 'organization'],
    ['a misspelt field', { choices: { organization: 'a', roles: 'owner' } }, 'roles'],
    ['a trust without its branch', { choices: { organization: 'a', trust: { kind: 'branch' } } }, 'trust.branch'],
    ['steps that are not a list', { choices, selection: { steps: 'all' } }, 'selection.steps'],
  ])('answers %s with invalid-input naming the field, without calling the use case', async (_what, payload, field) => {
    const { handlers, calls } = harness();
    const result = await handlers.openPullRequest({ context, payload });
    if (result.ok) throw new Error('expected invalid-input');
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.fields?.map((f) => f.field)).toContain(field);
    expect(result.error.message).toMatch(/need fixing/);
    expect(calls.openPullRequest).toEqual([]);
  });

  it('answers a saveIdentity without identityId with invalid-input', async () => {
    const { handlers, calls } = harness();
    const result = await handlers.saveIdentity({ context, payload: { identity: 'x' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'identityId' }] } });
    expect(calls.saveIdentity).toEqual([]);
  });

  it('treats a missing payload as empty (Forge sends {} by default)', async () => {
    const { handlers } = harness();
    expect((await handlers.loadPage({ context })).ok).toBe(true);
  });
});

describe('errors are typed results', () => {
  it('turns NeedsAuthenticationError from asUser into needs-authentication', async () => {
    const { handlers } = harness({ fail: () => new NeedsAuthenticationError('Authentication required', 'bitbucket') });
    const result = await handlers.openPullRequest({ context, payload: { choices } });
    expect(result).toMatchObject({ ok: false, error: { code: 'needs-authentication' } });
    if (!result.ok) expect(result.error.message).toMatch(/Allow access/);
  });

  it('lets NeedsAuthenticationError escape on an "Allow access" retry, so Forge shows its consent screen', async () => {
    const consent = new NeedsAuthenticationError('Authentication required', 'bitbucket');
    const { handlers } = harness({ fail: () => consent });
    await expect(handlers.openPullRequest({ context, payload: { choices, allowAccess: true } })).rejects.toBe(consent);
    await expect(handlers.saveIdentity({ context, payload: { identityId: 'x', allowAccess: true } })).rejects.toBe(consent);
    // The flag changes nothing else: other failures stay typed results.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const other = harness({ fail: () => new Error('boom') });
    const result = await other.handlers.openPullRequest({ context, payload: { choices, allowAccess: true } });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    // And the use case never sees the flag.
    expect(other.calls.openPullRequest[0]?.input).toEqual({ choices });
  });

  it('turns an unexpected throw into internal, with no stack or inner message, and logs it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bug = new TypeError("Cannot read properties of undefined (reading 'secretToken')");
    const { handlers } = harness({ fail: () => bug });
    const result = await handlers.saveIdentity({ context, payload: { identityId: 'x' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/secretToken|TypeError|at .*\.ts|\n\s+at /);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('saveIdentity'), bug);
  });

  it('keeps the code and words of a BitbucketError that escapes a use case', async () => {
    const err = new BitbucketError({
      code: 'forbidden',
      status: 403,
      operation: 'commit the file',
      bitbucketMessage: 'Your credentials lack one or more required privilege scopes.',
      bitbucketDetail: null,
      hint: 'The app needs write:repository:bitbucket.',
    });
    const { handlers } = harness({ fail: () => err });
    const result = await handlers.openPullRequest({ context, payload: { choices } });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    if (!result.ok) expect(result.error.message).toMatch(/write:repository:bitbucket/);
  });
});

describe('loadPage and saveChoices', () => {
  it('saves choices with the time of saving, and loadPage returns them and hints loadSetup', async () => {
    const { handlers, calls, memory } = harness();
    const selection = { steps: ['default/0'], addCustomPipeline: true };
    const saved = await handlers.saveChoices({ context, payload: { choices, selection, repositoryUuid: OTHER_REPO } });
    const expected: SavedChoices = { choices, selection, savedAt: NOW.toISOString() };
    expect(saved).toEqual({ ok: true, data: expected });
    expect(memory.has(choicesKey(REPO))).toBe(true);
    expect(memory.has(choicesKey(OTHER_REPO))).toBe(false);

    const first = await handlers.loadPage({ context, payload: {} });
    expect(first).toMatchObject({ ok: true, data: { saved: expected } });
    expect(calls.loadSetup[0]?.hint).toEqual({ choices });
    // The main branch seen on the first load is the hint of the next one.
    expect(memory.get(mainBranchKey(REPO))).toBe('main');
    await handlers.loadPage({ context, payload: {} });
    expect(calls.loadSetup[1]?.hint).toEqual({ choices, mainBranch: 'main' });
  });

  it('remembers the choices a pull request was opened with, and not those of a failed attempt', async () => {
    const { handlers, memory } = harness();
    const selection = { steps: ['default/0'] };
    const opened = await handlers.openPullRequest({ context, payload: { choices, selection } });
    expect(opened.ok).toBe(true);
    expect(memory.get(choicesKey(REPO))).toEqual({ choices, selection, savedAt: NOW.toISOString() });

    const failing = harness({ fail: () => new BitbucketError({ code: 'conflict', status: 409, operation: 'commit the file', bitbucketMessage: 'moved', bitbucketDetail: null, hint: 'Try again.' }) });
    await failing.handlers.openPullRequest({ context, payload: { choices } });
    expect(failing.memory.has(choicesKey(REPO))).toBe(false);
  });

  it('still answers the opened pull request when remembering the choices fails', async () => {
    const { handlers, kvs } = harness();
    kvs.set = async () => {
      throw new Error('storage down');
    };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const opened = await handlers.openPullRequest({ context, payload: { choices } });
    expect(opened).toMatchObject({ ok: true, data: { outcome: 'no-change' } });
  });

  it('does not write the main branch again when it has not changed', async () => {
    const { handlers, kvs } = harness();
    await handlers.loadPage({ context });
    const set = vi.spyOn(kvs, 'set');
    await handlers.loadPage({ context });
    expect(set).not.toHaveBeenCalled();
  });

  it('remembers a renamed main branch', async () => {
    const { handlers, memory } = harness({ mainBranch: 'trunk' });
    memory.set(mainBranchKey(REPO), 'master');
    await handlers.loadPage({ context });
    expect(memory.get(mainBranchKey(REPO))).toBe('trunk');
  });

  it('loads the page with saved: null when the stored choices are corrupt', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { handlers, memory, calls } = harness();
    memory.set(choicesKey(REPO), { choices: { organization: ['not', 'text'] }, savedAt: 12 });
    const result = await handlers.loadPage({ context });
    expect(result).toMatchObject({ ok: true, data: { saved: null } });
    expect(calls.loadSetup[0]?.hint).toEqual({});
  });

  it('loads the page when storage cannot be read or written at all', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { handlers, kvs } = harness();
    vi.spyOn(kvs, 'get').mockRejectedValue(new Error('KVS unavailable'));
    vi.spyOn(kvs, 'set').mockRejectedValue(new Error('KVS unavailable'));
    const result = await handlers.loadPage({ context });
    expect(result).toMatchObject({ ok: true, data: { saved: null } });
  });

  it('answers internal, saying the choices were not saved, when storage fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { handlers, kvs } = harness();
    vi.spyOn(kvs, 'set').mockRejectedValue(new Error('KVS unavailable'));
    const result = await handlers.saveChoices({ context, payload: { choices } });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toMatch(/could not be saved.*Try again/);
    if (!result.ok) expect(result.error.message).not.toMatch(/bug/);
  });
});

describe('Forge binding (@forge/resolver)', () => {
  it('defines every contract key and passes payload and context through', async () => {
    const { handlers, calls } = harness();
    const definitions = forgeDefinitions(handlers);
    for (const functionKey of ['loadPage', 'saveChoices', 'openPullRequest', 'saveIdentity']) {
      const payload = functionKey === 'saveIdentity' ? { identityId: 'x' } : { choices };
      const result = (await definitions({ call: { functionKey, payload }, context })) as { ok: boolean };
      expect(result.ok, functionKey).toBe(true);
    }
    expect(calls.saveIdentity[0]?.ids.repositoryUuid).toBe(REPO);
  });
});

describe('check resolvers', () => {
  it('take IDs from the context, read the remembered main branch, and validate the run UUID', async () => {
    const { handlers, kvs } = harness();
    await kvs.set(mainBranchKey(REPO), 'trunk');
    const started = await handlers.startCheck({ context, payload: { repositoryUuid: OTHER_REPO } });
    expect(started.ok && started.data.outcome === 'refused' ? started.data.reason : '').toBe(`${REPO} trunk`);
    const bad = await handlers.readCheck({ context, payload: { pipelineUuid: '../../x' } });
    expect(bad.ok ? '' : bad.error.code).toBe('invalid-input');
    const good = await handlers.readCheck({ context, payload: { pipelineUuid: '{11111111-2222-4333-8444-555555555555}' } });
    expect(good.ok ? '' : good.error.message).toBe('{11111111-2222-4333-8444-555555555555}');
    expect(await handlers.lastCheck({ context, payload: {} })).toEqual({ ok: true, data: { run: null } });
  });
});

describe('the check run, for the workspace page', () => {
  const run: CheckRunView = {
    pipelineUuid: '{11111111-2222-4333-8444-555555555555}',
    buildNumber: 7,
    branch: 'main',
    phase: 'failed',
    createdOn: '2026-12-01T10:00:00Z',
    completedOn: '2026-12-01T10:01:30Z',
    url: 'https://bitbucket.org/acme/web-app/pipelines/results/7',
  };

  /** A scanned inventory row of `uuid`, as the workspace scan stores it. */
  const scannedRow = (uuid: string) => ({ scanId: 's1', row: { repositoryUuid: uuid, slug: 'web-app', lastCheck: { state: 'none' } } });

  it('records the run readCheck saw in the inventory row of the repository from the context (a run does not change updated_on)', async () => {
    const { handlers, memory } = harness({ checkRun: run });
    memory.set(WORKSPACE_KEYS.row(REPO), scannedRow(REPO));
    memory.set(WORKSPACE_KEYS.row(OTHER_REPO), scannedRow(OTHER_REPO));
    const result = await handlers.readCheck({ context, payload: { pipelineUuid: run.pipelineUuid, repositoryUuid: OTHER_REPO } });
    expect(result.ok).toBe(true);
    expect((memory.get(WORKSPACE_KEYS.row(REPO)) as { row: { lastCheck: unknown } }).row.lastCheck).toEqual({ state: 'failed', at: '2026-12-01T10:01:30Z', url: run.url });
    expect((memory.get(WORKSPACE_KEYS.row(OTHER_REPO)) as { row: { lastCheck: unknown } }).row.lastCheck).toEqual({ state: 'none' });
  });

  it('writes nothing for a repository the workspace never scanned, nor when there was no run', async () => {
    const seen = harness({ checkRun: run });
    await seen.handlers.readCheck({ context, payload: { pipelineUuid: run.pipelineUuid } });
    expect([...seen.memory.keys()].filter((k) => k.startsWith('ws-row:'))).toEqual([]);
    const none = harness();
    none.memory.set(WORKSPACE_KEYS.row(REPO), scannedRow(REPO));
    await none.handlers.startCheck({ context, payload: {} });
    await none.handlers.lastCheck({ context, payload: {} });
    expect(none.memory.get(WORKSPACE_KEYS.row(REPO))).toEqual(scannedRow(REPO));
  });
});
