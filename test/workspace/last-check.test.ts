// The inventory's "Last check" column: from Bitbucket's newest run of the check
// pipeline (scan), or from what the repository page saw since, whichever is
// newer; and which files have the check pipeline at all.
import { describe, expect, it } from 'vitest';
import type { InventoryRow } from '../../src/api/workspace-contract';
import type { PipelineRun } from '../../src/bitbucket';
import { createRepositoryStore } from '../../src/storage/repository-store';
import { createWorkspaceStore, memoryKeyValueStore } from '../../src/storage/workspace-store';
import { lastCheckFromRun, newerCheck } from '../../src/usecases/last-check-state';
import { pipelineFileFacts } from '../../src/usecases/workspace/inventory-row';
import { createWorkspaceResolvers } from '../../src/workspace-resolvers/create-workspace-resolvers';

const WORKSPACE = '{aaaaaaaa-0000-4000-8000-000000000001}';
const REPO_A = '{bbbbbbbb-0000-4000-8000-00000000000a}';
const REPO_B = '{bbbbbbbb-0000-4000-8000-00000000000b}';

const run = (patch: Partial<PipelineRun>): PipelineRun => ({
  uuid: '{11111111-2222-4333-8444-555555555555}',
  buildNumber: 12,
  phase: 'passed',
  stateName: 'COMPLETED',
  resultName: 'SUCCESSFUL',
  refName: 'main',
  selectorPattern: 'chainguard-oidc',
  createdOn: '2026-11-30T09:00:00Z',
  completedOn: '2026-11-30T09:02:00Z',
  ...patch,
});

function row(uuid: string, slug: string, lastCheck: InventoryRow['lastCheck']): InventoryRow {
  return {
    repositoryUuid: uuid,
    slug,
    name: slug,
    project: null,
    mainBranch: 'main',
    updatedOn: '2026-11-01T00:00:00Z',
    url: `https://bitbucket.org/acme/${slug}`,
    status: 'set-up',
    pipelinesEnabled: true,
    pipelineFile: { state: 'present', lines: 10 },
    oidcSteps: ['Check (custom: chainguard-oidc)'],
    pullRequest: { state: 'none' },
    identity: { state: 'repository' },
    lastCheck,
    readAt: '2026-11-30T12:00:00Z',
  };
}

/** The workspace resolvers over `store` alone: reading the inventory makes no Bitbucket request. */
function offlineResolvers(store: ReturnType<typeof createWorkspaceStore>) {
  return createWorkspaceResolvers({
    store,
    queue: { push: async () => {} },
    clients: () => {
      throw new Error('reading the inventory makes no Bitbucket request');
    },
    useCases: {} as never,
    clock: { now: () => Date.parse('2026-12-02T00:00:00Z') },
    newId: () => 'x',
  });
}

describe('last check state', () => {
  it('reads a run: finished time, the run page under the repository link, pending and running as running', () => {
    expect(lastCheckFromRun(run({}), 'https://bitbucket.org/acme/api/')).toEqual({
      state: 'passed',
      at: '2026-11-30T09:02:00Z',
      url: 'https://bitbucket.org/acme/api/pipelines/results/12',
    });
    expect(lastCheckFromRun(run({ phase: 'pending', completedOn: null }), null)).toEqual({ state: 'running', at: '2026-11-30T09:00:00Z', url: null });
    expect(lastCheckFromRun(undefined, 'https://bitbucket.org/acme/api')).toEqual({ state: 'none' });
    expect(lastCheckFromRun(run({ createdOn: null, completedOn: null }), null)).toEqual({ state: 'unknown' });
  });

  it('keeps the newer of two, and a dated check over none or unknown', () => {
    const older = { state: 'failed' as const, at: '2026-11-01T00:00:00Z', url: null };
    const newer = { state: 'passed' as const, at: '2026-11-02T00:00:00Z', url: null };
    expect(newerCheck(older, newer)).toBe(newer);
    expect(newerCheck(newer, older)).toBe(newer);
    expect(newerCheck({ state: 'none' }, older)).toBe(older);
    expect(newerCheck({ state: 'unknown' }, null)).toEqual({ state: 'unknown' });
  });

  it('finds the check pipeline among the custom pipelines only', () => {
    const withCheck = pipelineFileFacts('pipelines:\n  custom:\n    chainguard-oidc:\n      - step:\n          script: [echo]\n');
    expect(withCheck.hasCheckPipeline).toBe(true);
    const branchNamedLikeIt = pipelineFileFacts('pipelines:\n  branches:\n    chainguard-oidc:\n      - step:\n          script: [echo]\n');
    expect(branchNamedLikeIt.hasCheckPipeline).toBe(false);
    expect(pipelineFileFacts('pipelines:\n  custom:\n    other:\n      - step:\n          script: [echo]\n').hasCheckPipeline).toBe(false);
  });
});

describe('the inventory shows checks the repository page saw after the scan', () => {
  it('the repository page puts a newer check into the row, never an older one, and the page reads it', async () => {
    const kv = memoryKeyValueStore();
    const store = createWorkspaceStore(kv);
    await store.putRow({ row: row(REPO_A, 'api', { state: 'none' }), scanId: 's1' });
    await store.putRow({ row: row(REPO_B, 'web', { state: 'passed', at: '2026-11-30T09:00:00Z', url: null }), scanId: 's1' });
    const repositoryPage = createRepositoryStore(kv);
    // As the repository page's resolvers see runs: without a link of their own (the row's repository link gives it).
    const view = (buildNumber: number, completedOn: string) => ({
      pipelineUuid: '{11111111-2222-4333-8444-555555555555}',
      buildNumber,
      branch: 'main',
      phase: 'failed' as const,
      createdOn: completedOn,
      completedOn,
      url: null,
    });
    await repositoryPage.saveLastCheck(REPO_A, view(3, '2026-12-01T10:00:00Z'));
    await repositoryPage.saveLastCheck(REPO_B, view(1, '2026-11-01T10:00:00Z'));

    const resolvers = offlineResolvers(store);
    const page = await resolvers.inventoryRows({ context: { workspaceId: WORKSPACE }, payload: {} });
    if (!page.ok) throw new Error(page.error.message);
    const bySlug = new Map(page.data.rows.map((r) => [r.slug, r]));
    expect(bySlug.get('api')?.lastCheck).toEqual({ state: 'failed', at: '2026-12-01T10:00:00Z', url: 'https://bitbucket.org/acme/api/pipelines/results/3' });
    expect(bySlug.get('web')?.lastCheck).toEqual({ state: 'passed', at: '2026-11-30T09:00:00Z', url: null });
    expect(page.data.nextCursor).toBeNull();
  });
});

describe('inventoryRows', () => {
  it('reads 500 rows a call in storage order, five KVS reads each however large the inventory, and refuses a malformed cursor', async () => {
    const kv = memoryKeyValueStore();
    let reads = 0;
    const counted = { ...kv, listByPrefix: (...args: Parameters<typeof kv.listByPrefix>) => ((reads += 1), kv.listByPrefix(...args)) };
    const store = createWorkspaceStore(counted);
    for (let i = 0; i < 1_234; i += 1) {
      const uuid = `{cccccccc-0000-4000-8000-${String(i).padStart(12, '0')}}`;
      await store.putRow({ row: row(uuid, `repo-${String(i).padStart(4, '0')}`, { state: 'none' }), scanId: 's1' });
    }
    const resolvers = offlineResolvers(store);
    const seen: string[] = [];
    const readsPerCall: number[] = [];
    let cursor: string | undefined;
    do {
      const before = reads;
      const page = await resolvers.inventoryRows({ context: { workspaceId: WORKSPACE }, payload: cursor ? { cursor } : {} });
      if (!page.ok) throw new Error(page.error.message);
      readsPerCall.push(reads - before);
      seen.push(...page.data.rows.map((r) => r.slug));
      cursor = page.data.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(1_234);
    expect(new Set(seen).size).toBe(1_234);
    expect(readsPerCall).toEqual([5, 5, 3]);
    const bad = await resolvers.inventoryRows({ context: { workspaceId: WORKSPACE }, payload: { cursor: 'x y' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/Not a cursor from inventoryRows/);
  });
});
