// readEnvironments against the simulator, through the workspace resolver the
// page calls: a bounded batch of repositories from the stored inventory, read
// as the app a few at a time, each with its environments or a plain-words
// reason; anything outside the inventory or over the limit is refused before a
// single Bitbucket request.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../preview/simulator';
import { seedWorkspaceScene, shapeOf, type WorkspaceScene } from '../../preview/simulator/workspace-seed';
import { WORKSPACE_LIMITS, type RepositoryEnvironments } from '../../src/api/workspace-contract';
import { createBitbucketClient, createFetchTransport, type BitbucketTransport } from '../../src/bitbucket';
import { readEnvironments } from '../../src/usecases/workspace/environments';
import { createWorkspaceResolvers } from '../../src/workspace-resolvers/create-workspace-resolvers';
import { ADMIN_ACCOUNT_ID, scanRig, startAndDrain, workspaceResolvers, type ScanRig } from './scan-harness';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const LIMIT = WORKSPACE_LIMITS.maxEnvironmentRepositories;
const OTHER_WORKSPACE = '{00000000-0000-4000-8000-0000000000ff}';

interface Rig {
  sim: Simulator;
  scene: WorkspaceScene;
  rig: ScanRig;
  resolvers: ReturnType<typeof createWorkspaceResolvers>;
  context: { workspaceId: string; accountId: string };
  /** Environment listings sent, and the most ever in flight at once. */
  listings: { sent: number; inFlight: number; maxInFlight: number; workspaces: Set<string> };
  /** Requests made through the resolvers' clients (any kind). */
  requests(): number;
}

async function rigWith(count: number): Promise<Rig> {
  let seeded: WorkspaceScene | undefined;
  sim = await startSimulator({ seed: (state) => void (seeded = seedWorkspaceScene(state, count)) });
  const scene = seeded as WorkspaceScene;
  sim.state.defaultActor.accountId = ADMIN_ACCOUNT_ID;
  const rig = scanRig(sim);
  await startAndDrain(rig, scene.workspace.uuid, 'full');
  const listings = { sent: 0, inFlight: 0, maxInFlight: 0, workspaces: new Set<string>() };
  let requests = 0;
  const counted: BitbucketTransport = (() => {
    const inner = createFetchTransport({ baseUrl: sim.url });
    return async (request, options) => {
      requests += 1;
      const listing = request.pathTemplate.endsWith('/environments');
      if (listing) {
        listings.sent += 1;
        listings.inFlight += 1;
        listings.maxInFlight = Math.max(listings.maxInFlight, listings.inFlight);
        listings.workspaces.add(decodeURIComponent(request.values[0] ?? ''));
      }
      try {
        return await inner(request, options);
      } finally {
        if (listing) listings.inFlight -= 1;
      }
    };
  })();
  const resolvers = workspaceResolvers(rig, counted);
  return { sim, scene, rig, resolvers, context: { workspaceId: scene.workspace.uuid, accountId: ADMIN_ACCOUNT_ID }, listings, requests: () => requests };
}

function byUuid(repositories: RepositoryEnvironments[]): Map<string, RepositoryEnvironments> {
  return new Map(repositories.map((r) => [r.repositoryUuid, r]));
}

describe('readEnvironments against the simulator', { timeout: 120_000 }, () => {
  it(`reads ${LIMIT} inventory repositories at most ${WORKSPACE_LIMITS.environmentConcurrency} at a time, as the workspace of the Forge context`, async () => {
    const r = await rigWith(30);
    const batch = r.scene.repositories.slice(0, LIMIT);
    const answer = await r.resolvers.readEnvironments({
      context: r.context,
      // A workspace in the payload is dropped by the schema: IDs come from the context.
      payload: { repositoryUuids: batch.map((repo) => repo.uuid), workspaceUuid: OTHER_WORKSPACE, workspaceId: OTHER_WORKSPACE },
    });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data.repositories.map((x) => x.slug)).toEqual(batch.map((repo) => repo.slug));
    const found = byUuid(answer.data.repositories);
    for (const [i, repo] of batch.entries()) {
      const got = found.get(repo.uuid)!;
      expect(got.state, repo.slug).toBe('read');
      if (got.state !== 'read') continue;
      expect(got.environments.map((e) => e.uuid)).toEqual(repo.environments.map((e) => e.uuid));
      if (shapeOf(i) === 'deployments') {
        expect(got.environments.map((e) => e.name)).toEqual(i % 20 === 14 ? ['staging', 'production'] : ['Staging', 'Production']);
      } else if (shapeOf(i) === 'already-oidc') {
        expect(got.environments.map((e) => e.name)).toEqual(['Test', 'Staging', 'Production']);
      } else expect(got.environments).toEqual([]);
    }
    expect(r.listings.sent).toBe(LIMIT);
    expect(r.listings.maxInFlight).toBeLessThanOrEqual(WORKSPACE_LIMITS.environmentConcurrency);
    expect(r.listings.maxInFlight).toBeGreaterThan(1);
    expect([...r.listings.workspaces]).toEqual([r.scene.workspace.uuid]);
  });

  it('says per repository what a 403 or a 404 means, and reads the others', async () => {
    const r = await rigWith(10);
    const [a, b, c] = r.scene.repositories as [typeof r.scene.repositories[0], typeof r.scene.repositories[0], typeof r.scene.repositories[0]];
    // The client addresses repositories by UUID (percent-encoded braces).
    const path = (uuid: string) => new RegExp(`/${encodeURIComponent(uuid)}/environments$`, 'i');
    r.sim.faults.fail('GET', path(a.uuid), 403, Infinity);
    r.sim.faults.fail('GET', path(b.uuid), 404, Infinity);
    const answer = await r.resolvers.readEnvironments({ context: r.context, payload: { repositoryUuids: [a.uuid, b.uuid, c.uuid] } });
    if (!answer.ok) throw new Error(answer.error.message);
    const found = byUuid(answer.data.repositories);
    const forbidden = found.get(a.uuid)!;
    const missing = found.get(b.uuid)!;
    expect(forbidden).toMatchObject({ state: 'failed', error: { code: 'forbidden', status: 403 } });
    if (forbidden.state === 'failed') {
      expect(forbidden.error.message).toContain(a.slug);
      expect(forbidden.error.message).toContain('read:pipeline:bitbucket');
    }
    expect(missing).toMatchObject({ state: 'failed', error: { code: 'not-found', status: 404 } });
    if (missing.state === 'failed') expect(missing.error.message).toMatch(/Pipelines or deployments may not be enabled/);
    expect(found.get(c.uuid)).toMatchObject({ state: 'read', environments: [] });
  });

  it('refuses a repository outside the inventory, and a batch over the limit naming it, before any request', async () => {
    const r = await rigWith(3);
    const known = r.scene.repositories.map((repo) => repo.uuid);
    const before = r.requests();
    const unknown = await r.resolvers.readEnvironments({ context: r.context, payload: { repositoryUuids: [known[0]!, '{00000000-0000-4000-8000-000000000001}'] } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!unknown.ok) expect(unknown.error.message).toMatch(/1 of the repositories are not in this workspace's inventory/);

    const many = Array.from({ length: LIMIT + 1 }, (_, i) => `{${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000}`);
    const over = await r.resolvers.readEnvironments({ context: r.context, payload: { repositoryUuids: many } });
    expect(over).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!over.ok) expect(over.error.message).toContain(`At most ${LIMIT} repositories per call`);
    // The use case holds the limit on its own too (a caller that skips the schema).
    const direct = await readEnvironments({ store: r.rig.store, read: createBitbucketClient({ transport: async () => { throw new Error('no request expected'); } }) }, {
      workspaceUuid: r.scene.workspace.uuid,
      repositoryUuids: many,
    });
    expect(direct).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!direct.ok) expect(direct.error.message).toContain(`at most ${LIMIT}`);

    const noWorkspace = await r.resolvers.readEnvironments({ context: {}, payload: { repositoryUuids: [known[0]!] } });
    expect(noWorkspace.ok).toBe(false);
    expect(r.requests()).toBe(before);
  });

  it('bulk pull requests find the environment by the same rule as the Terraform ("Production" means "production")', async () => {
    const r = await rigWith(15);
    const repo = r.scene.repositories[14]!;
    expect(repo.environments.map((e) => e.name)).toContain('production');
    const started = await r.resolvers.startBulk({
      context: r.context,
      payload: {
        action: 'open-pull-requests',
        repositoryUuids: [repo.uuid, r.scene.repositories[1]!.uuid],
        settings: { organization: 'acme.example', trust: { kind: 'environment', environmentName: ' Production' }, steps: 'custom-pipeline-only' },
      },
    });
    if (!started.ok) throw new Error(started.error.message);
    const step = await r.resolvers.bulkStep({ context: r.context, payload: { runId: started.data.runId, repositoryUuid: repo.uuid } });
    if (!step.ok) throw new Error(step.error.message);
    expect(step.data.state).toBe('created');
    const without = await r.resolvers.bulkStep({ context: r.context, payload: { runId: started.data.runId, repositoryUuid: r.scene.repositories[1]!.uuid } });
    if (!without.ok) throw new Error(without.error.message);
    expect(without.data).toMatchObject({ state: 'refused' });
    expect(without.data.message).toContain('it has no environment named "Production"');
  });
});
