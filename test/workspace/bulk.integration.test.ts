// Bulk pull requests driven the way the page drives them (one bulkStep per
// repository, four in flight, then "Retry failed"), against the simulator with
// 5% of requests answered 429 or 5xx — for writes, half of the 5xx arrive after
// Bitbucket made the change. Exactly one pull request per eligible repository,
// none duplicated, every original line kept, every failure reported.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../preview/simulator';
import { seedWorkspaceScene, shapeOf, type WorkspaceScene } from '../../preview/simulator/workspace-seed';
import { createFetchTransport, type BitbucketTransport } from '../../src/bitbucket';
import type { BulkItem, BulkRun } from '../../src/api/workspace-contract';
import { openPullRequest } from '../../src/usecases/open-pull-request';
import { saveIdentity } from '../../src/usecases/save-identity';
import { createWorkspaceResolvers } from '../../src/workspace-resolvers/create-workspace-resolvers';
import { isSubsequence } from '../integration/harness';
import { ADMIN_ACCOUNT_ID, scanRig, startAndDrain, workspaceResolvers } from './scan-harness';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A deterministic 5% of requests fail: 429 with Retry-After, or 503 (for writes, half of those after the change). */
function flaky(inner: BitbucketTransport, seed: number, log: { injected: number }): BitbucketTransport {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const answer = (status: number) => ({
    status,
    headers: new Headers(status === 429 ? { 'retry-after': '1' } : {}),
    body: new TextEncoder().encode(JSON.stringify({ type: 'error', error: { message: status === 429 ? 'Rate limit for this resource has been exceeded' : 'Service unavailable' } })),
  });
  return async (request, options) => {
    const roll = next();
    if (roll < 0.025) {
      log.injected += 1;
      return answer(429);
    }
    if (roll < 0.05) {
      log.injected += 1;
      if (request.method !== 'GET' && roll < 0.0375) {
        await inner(request, options); // the change happened; the answer is lost
      }
      return answer(503);
    }
    return inner(request, options);
  };
}

// Minutes on a loaded machine (many simulator round trips); correctness, not speed, is tested here.
describe('bulk pull requests against the simulator', { timeout: 240000 }, () => {
  it('opens exactly one pull request per eligible repository under 5% injected 429 and 5xx', async () => {
    let seeded: WorkspaceScene | undefined;
    sim = await startSimulator({ seed: (state) => void (seeded = seedWorkspaceScene(state, 80)) });
    const scene = seeded as WorkspaceScene;
    sim.state.defaultActor.accountId = ADMIN_ACCOUNT_ID;
    const originals = new Map(scene.repositories.map((r) => [r.uuid, sim!.state.fileAt(r, r.mainBranch, 'bitbucket-pipelines.yml')]));

    const rig = scanRig(sim);
    await startAndDrain(rig, scene.workspace.uuid, 'full');

    const log = { injected: 0 };
    const transport = flaky(createFetchTransport({ baseUrl: sim.url }), 7, log);
    const resolvers = workspaceResolvers(rig, transport);
    const context = { workspaceId: scene.workspace.uuid, accountId: ADMIN_ACCOUNT_ID };

    const started = await resolvers.startBulk({
      context,
      payload: {
        action: 'open-pull-requests',
        repositoryUuids: scene.repositories.map((r) => r.uuid),
        settings: { organization: 'acme.example', trust: { kind: 'main-branch' }, steps: 'suggested' },
      },
    });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.data.runId;

    /** The page: steps every pending item, four in flight. */
    async function stepAll(run: BulkRun): Promise<BulkItem[]> {
      const pending = run.items.filter((i) => i.state === 'pending');
      const results: BulkItem[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < pending.length) {
            const item = pending[next++]!;
            const stepped = await resolvers.bulkStep({ context, payload: { runId, repositoryUuid: item.repositoryUuid } });
            if (!stepped.ok) throw new Error(stepped.error.message);
            results.push(stepped.data);
          }
        }),
      );
      return results;
    }

    let run = started.data;
    const firstRound = await stepAll(run);
    const failedFirst = firstRound.filter((i) => i.state === 'failed');
    // Every failure is reported with what happened and what to do.
    for (const item of failedFirst) {
      expect(item.message.length).toBeGreaterThan(20);
      expect(item.errorCode).toBeDefined();
    }
    for (let round = 0; round < 6; round += 1) {
      const retried = await resolvers.retryFailed({ context, payload: { runId } });
      if (!retried.ok) throw new Error(retried.error.message);
      run = retried.data;
      if (run.counts.pending === 0) break;
      await stepAll(run);
    }
    const final = await resolvers.bulkStatus({ context, payload: { runId } });
    if (!final.ok || !final.data) throw new Error('no run');
    expect(log.injected).toBeGreaterThan(10);
    expect(final.data.items.filter((i) => i.state === 'failed').map((i) => `${i.slug}: ${i.message}`)).toEqual([]);
    expect(final.data.counts.pending).toBe(0);

    for (const [index, repo] of scene.repositories.entries()) {
      const item = final.data.items.find((i) => i.repositoryUuid === repo.uuid)!;
      const prs = repo.pullRequests.filter((p) => p.sourceBranch === 'chainguard-oidc-setup' && p.state === 'OPEN');
      const shape = shapeOf(index);
      if (shape === 'unparsable' || shape === 'empty') {
        expect(item.state, repo.slug).toBe('refused');
        expect(item.message.length).toBeGreaterThan(10);
        expect(prs).toHaveLength(0);
        continue;
      }
      // Eligible: exactly one pull request, never two.
      expect(prs, repo.slug).toHaveLength(1);
      expect(['created', 'updated', 'unchanged']).toContain(item.state);
      expect(item.pullRequest?.id).toBe(prs[0]!.id);
      const original = originals.get(repo.uuid);
      const proposed = sim.state.fileAt(repo, 'chainguard-oidc-setup', 'bitbucket-pipelines.yml')!;
      if (original !== undefined) {
        expect(isSubsequence(original.split('\n'), proposed.split('\n')), repo.slug).toBe(true);
      }
      // "Suggested steps": a step that pulls from cgr.dev gets oidc: true; a plain file only the check pipeline.
      const oidcLines = proposed.split('\n').filter((l) => l.trim() === 'oidc: true').length;
      if (shape === 'plain-cgr') expect(oidcLines, repo.slug).toBe(2); // its step and the check step
      if (shape === 'plain') expect(oidcLines, repo.slug).toBe(1); // the check step only
    }
    // Stepping a settled run again sends nothing and opens nothing.
    const before = scene.repositories.reduce((n, r) => n + r.pullRequests.length, 0);
    await stepAll({ ...final.data, items: final.data.items.map((i) => ({ ...i, state: 'pending' as const })) });
    expect(scene.repositories.reduce((n, r) => n + r.pullRequests.length, 0)).toBe(before);
  });

  it('refuses repositories that are not in the inventory of the workspace in the Forge context', async () => {
    let seeded: WorkspaceScene | undefined;
    sim = await startSimulator({ seed: (state) => void (seeded = seedWorkspaceScene(state, 5)) });
    const rig = scanRig(sim);
    await startAndDrain(rig, seeded!.workspace.uuid, 'full');
    const resolvers = createWorkspaceResolvers({
      store: rig.store,
      queue: { push: async () => {} },
      clients: () => {
        throw new Error('no Bitbucket call expected');
      },
      useCases: { openPullRequest, saveIdentity },
      clock: rig.clock,
      newId: () => 'run-x',
    });
    const result = await resolvers.startBulk({
      context: { workspaceId: seeded!.workspace.uuid },
      payload: {
        action: 'open-pull-requests',
        repositoryUuids: ['{00000000-0000-4000-8000-000000000001}'],
        settings: { organization: 'acme.example', trust: { kind: 'repository' }, steps: 'custom-pipeline-only' },
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/not in this workspace's inventory/);
    const noContext = await resolvers.scanStatus({ context: {}, payload: {} });
    expect(noContext.ok).toBe(false);
  });
});
