// The workspace scan against the simulator: request counts on a full scan and
// a re-scan, an interrupted scan that resumes without reading anything twice,
// and a 429 that re-queues instead of failing.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../preview/simulator';
import { isSetUp, seedWorkspaceScene, shapeOf, touchRepositories, type WorkspaceScene } from '../../preview/simulator/workspace-seed';
import type { InventoryRow } from '../../src/api/workspace-contract';
import { loadScan } from '../../src/usecases/workspace/scan';
import { scanProgress } from '../../src/usecases/workspace/scan-record';
import { drain, scanRig, startAndDrain, ADMIN_ACCOUNT_ID } from './scan-harness';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function scene(count: number): Promise<{ sim: Simulator; scene: WorkspaceScene }> {
  let seeded: WorkspaceScene | undefined;
  sim = await startSimulator({ seed: (state) => void (seeded = seedWorkspaceScene(state, count)) });
  if (!seeded) throw new Error('not seeded');
  return { sim, scene: seeded };
}

async function rows(rig: ReturnType<typeof scanRig>): Promise<Map<string, InventoryRow>> {
  return new Map((await rig.store.allRows()).map((s) => [s.row.slug, s.row]));
}

/** Requests per file path template, e.g. counts of `GET /repositories/{workspace}/{repo_slug}/src/...`. */
function perRepositoryReads(rig: ReturnType<typeof scanRig>): Map<string, number> {
  const byRepo = new Map<string, number>();
  for (const span of rig.meter.spans) {
    if (!span.path.includes('{repo_slug}')) continue;
    byRepo.set(span.path, (byRepo.get(span.path) ?? 0) + 1);
  }
  return byRepo;
}

// Minutes on a loaded machine (many simulator round trips); correctness, not speed, is tested here.
describe('workspace scan against the simulator', { timeout: 240000 }, () => {
  it('a full scan of 300 repositories stays within 2.5 requests per repository and sees every shape', async () => {
    const { sim, scene: seeded } = await scene(300);
    // The admin's setup pull request in one repository, one merged elsewhere.
    const open = seeded.repositories[1]!;
    sim.state.defaultActor.accountId = ADMIN_ACCOUNT_ID;
    sim.state.commitOrThrow(open, { branch: 'chainguard-oidc-setup', message: 'setup', files: { 'x.txt': 'x' } });
    sim.state.createPullRequest(open, { title: 'Set up Chainguard OIDC', sourceBranch: 'chainguard-oidc-setup' });
    const rig = scanRig(sim);
    const { last } = await startAndDrain(rig, seeded.workspace.uuid, 'full');
    expect(last).toEqual({ next: 'stop', reason: 'done' });

    const requests = rig.meter.requests;
    expect(requests / 300).toBeLessThanOrEqual(2.5);
    const record = await loadScan(rig.store);
    expect(record?.requests).toBe(requests);
    expect(record?.counts).toMatchObject({ total: 300, read: 300, unchanged: 0, failed: 0 });

    const bySlug = await rows(rig);
    expect(bySlug.size).toBe(300);
    const row = (i: number) => bySlug.get(seeded.repositories[i]!.slug)!;
    expect(shapeOf(0)).toBe('no-file');
    expect(row(0).pipelineFile).toEqual({ state: 'absent' });
    expect(row(0).status).toBe('needs-setup');
    expect(row(1).pullRequest).toMatchObject({ state: 'open', id: 1 });
    expect(row(1).status).toBe('pull-request-open');
    expect(row(5).oidcSteps).toEqual(['Pull with Chainguard (default)', 'Chainguard OIDC check (custom: chainguard-oidc)']);
    // The last check: read where the file has the check pipeline (one request), none elsewhere.
    expect(row(5).lastCheck).toMatchObject({ state: 'passed', at: '2026-01-04T15:00:00.000Z' });
    expect((row(5).lastCheck as { url: string }).url).toMatch(/\/acme\/[a-z]+-service-0005\/pipelines\/results\/1$/);
    expect(row(45).lastCheck).toMatchObject({ state: 'failed', at: '2026-01-04T15:00:00.000Z' });
    expect(row(25).lastCheck).toEqual({ state: 'none' }); // the check pipeline, never run
    expect(row(15).lastCheck).toEqual({ state: 'none' }); // no check pipeline
    expect(row(6).lastCheck).toEqual({ state: 'none' }); // unparsable: no pipeline to run
    const runReads = rig.meter.spans.filter((s) => s.path === '/repositories/{workspace}/{repo_slug}/pipelines').length;
    expect(runReads).toBe(seeded.repositories.filter((_, i) => isSetUp(i)).length);
    expect(row(5).identity).toEqual({ state: 'repository' }); // i % 20 === 5 has the variable
    expect(row(5).status).toBe('set-up');
    expect(row(15).identity).toEqual({ state: 'none' });
    expect(row(6).status).toBe('invalid-pipeline');
    expect(row(6).pipelineFile.state).toBe('unparsable');
    expect(row(7).pipelinesEnabled).toBe(false);
    expect(row(7).status).toBe('pipelines-off');
    expect(row(49).pipelineFile).toEqual({ state: 'absent' }); // empty repository: nothing to read
    expect(row(2).project).toEqual({ key: 'DATA', name: 'Data' });
    expect(row(3).identity).toEqual({ state: 'not-checked' });
  });

  it('a re-scan after 5% of the repositories changed reads only those, under 0.1 requests per repository', async () => {
    const { sim, scene: seeded } = await scene(300);
    const rig = scanRig(sim);
    await startAndDrain(rig, seeded.workspace.uuid, 'full');
    const touched = touchRepositories(sim.state, seeded, 20);
    expect(touched.length).toBe(15);
    rig.meter.reset();

    await startAndDrain(rig, seeded.workspace.uuid, 'rescan');
    const record = await loadScan(rig.store);
    expect(record?.counts).toMatchObject({ total: 300, read: 15, unchanged: 285 });
    expect(rig.meter.requests / 300).toBeLessThan(0.1);
    // Only the touched repositories were read, one request each (the file; Pipelines on/off is a setting a full scan refreshes).
    const fileReads = rig.meter.spans.filter((s) => s.path.endsWith('/src/{commit}/{path}')).length;
    expect(fileReads).toBe(15);
    expect((await rows(rig)).size).toBe(300);
  });

  it('an interrupted scan resumes where it stopped: no listing page and no saved repository is read twice', async () => {
    const { sim, scene: seeded } = await scene(250);
    let calls = 0;
    let killAt = 260; // dies in the middle of the second listing page
    const rig = scanRig(sim, {
      transport: (inner) => async (request, options) => {
        calls += 1;
        // From the kill on, the invocation is dead: nothing it sends arrives.
        if (calls >= killAt) throw new Error('Forge ended the invocation (timeout)');
        return inner(request, options);
      },
    });
    const started = await import('../../src/usecases/workspace/scan').then((m) =>
      m.startScan(rig.deps, { workspaceUuid: seeded.workspace.uuid, author: ADMIN_ACCOUNT_ID, kind: 'full' }),
    );
    await expect(drain(rig, started.progress.scanId)).rejects.toThrow('Forge ended the invocation');
    const midway = await loadScan(rig.store);
    expect(midway?.phase).toBe('reading');
    expect(midway?.counts.read).toBe(100); // the first page was saved
    killAt = Infinity;
    // The platform redelivers the event once the lease is over.
    rig.clock.time += 10 * 60_000;
    const last = await drain(rig, started.progress.scanId);
    expect(last).toEqual({ next: 'stop', reason: 'done' });

    const reads = perRepositoryReads(rig);
    // Every repository was read once, except those whose reads were in flight
    // when the invocation died (at most the 6 read at once): their answers were
    // never stored, so they are read again. No saved repository is read twice.
    const withFile = seeded.repositories.filter((_, i) => shapeOf(i) !== 'empty').length;
    const fileReads = reads.get('/repositories/{workspace}/{repo_slug}/src/{commit}/{path}') ?? 0;
    const configReads = reads.get('/repositories/{workspace}/{repo_slug}/pipelines_config') ?? 0;
    expect(fileReads).toBeGreaterThanOrEqual(withFile);
    expect(fileReads - withFile).toBeLessThanOrEqual(6);
    expect(configReads).toBeGreaterThanOrEqual(250);
    expect(configReads - 250).toBeLessThanOrEqual(6);
    expect(rig.meter.spans.filter((s) => s.path === '/repositories/{workspace}').length).toBe(3); // each page listed once
    const record = await loadScan(rig.store);
    expect(record?.counts).toMatchObject({ total: 250, read: 250, failed: 0 });
    expect((await rig.store.allRows()).length).toBe(250);
  });

  it('shows the total from the first listing page and progress within a page, and counts a resumed page once', async () => {
    const { sim, scene: seeded } = await scene(150);
    const rig = scanRig(sim);
    const { startScan, runScanSlice } = await import('../../src/usecases/workspace/scan');
    const started = await startScan(rig.deps, { workspaceUuid: seeded.workspace.uuid, author: ADMIN_ACCOUNT_ID, kind: 'full' });
    // At 1,000 requests an hour the first burst (100) runs out inside the first page of 100 repositories.
    const first = await runScanSlice(rig.deps, started.progress.scanId, { budgetMs: 60_000, concurrency: 6, holder: 'event-1' });
    expect(first.next).toBe('wait');
    const paused = await loadScan(rig.store);
    expect(paused?.counts.total).toBe(150);
    expect(paused?.counts.read).toBe(0); // the page is not finished: not yet counted
    const shown = scanProgress(paused!, rig.clock.time);
    expect(shown.counts.total).toBe(150);
    expect(shown.counts.done).toBeGreaterThanOrEqual(20); // but the bar moved, in steps of 20
    expect(shown.counts.done).toBeLessThan(100);
    expect(shown.message).toBe(`Paused by Bitbucket's rate limit after ${shown.counts.done} of 150 repositories; resumes by itself.`);

    if (first.next === 'wait') rig.clock.time += first.delaySeconds * 1000;
    const last = await drain(rig, started.progress.scanId);
    expect(last).toEqual({ next: 'stop', reason: 'done' });
    const record = await loadScan(rig.store);
    expect(record?.counts).toMatchObject({ total: 150, read: 150, unchanged: 0, failed: 0 });
    expect(scanProgress(record!, rig.clock.time).counts.done).toBe(150);
  });

  it('adopts the X-RateLimit-Limit Bitbucket announces: at 10,000 an hour a 300-repository scan needs no pause', async () => {
    let seeded: WorkspaceScene | undefined;
    sim = await startSimulator({
      seed: (state) => {
        seeded = seedWorkspaceScene(state, 300);
        state.rateLimit = { perHour: 10_000 };
      },
    });
    const rig = scanRig(sim);
    const { last } = await startAndDrain(rig, seeded!.workspace.uuid, 'full');
    expect(last).toEqual({ next: 'stop', reason: 'done' });
    expect(rig.waits).toEqual([]);
    const record = await loadScan(rig.store);
    expect(record?.bucket.limitPerHour).toBe(10_000);
    expect(record?.counts).toMatchObject({ total: 300, read: 300 });
  });

  it('refuses a workspace larger than one scan covers, on the first listing page, before reading any repository', async () => {
    const { sim, scene: seeded } = await scene(150);
    const rig = scanRig(sim);
    const { startScan, runScanSlice } = await import('../../src/usecases/workspace/scan');
    const started = await startScan(rig.deps, { workspaceUuid: seeded.workspace.uuid, author: ADMIN_ACCOUNT_ID, kind: 'full' });
    const outcome = await runScanSlice(rig.deps, started.progress.scanId, { budgetMs: 60_000, concurrency: 6, holder: 'e1', maxRepositories: 120 });
    expect(outcome).toEqual({ next: 'stop', reason: 'failed' });
    const record = await loadScan(rig.store);
    expect(record?.phase).toBe('failed');
    expect(record?.error?.message).toMatch(/^This workspace has 150 repositories; one scan covers at most 120, so no repository was read\./);
    expect(rig.meter.spans.filter((s) => s.path.includes('{repo_slug}'))).toEqual([]);
    expect(await rig.store.allRows()).toEqual([]);
  });

  it("a 429 re-queues the slice with Bitbucket's delay and the scan still finishes", async () => {
    const { sim, scene: seeded } = await scene(120);
    sim.faults.rateLimit('GET', /pipelines_config$/, 1, 42);
    const rig = scanRig(sim);
    const { last } = await startAndDrain(rig, seeded.workspace.uuid, 'full');
    expect(last.next).toBe('stop');
    expect(rig.waits.length).toBeGreaterThan(0);
    expect(Math.max(...rig.waits)).toBeGreaterThanOrEqual(42); // never sooner than Retry-After
    const record = await loadScan(rig.store);
    expect(record?.counts).toMatchObject({ total: 120, read: 120, failed: 0 });
  });

  it('the token bucket paces a large scan: it waits rather than exceed 1,000 requests an hour', async () => {
    const { sim, scene: seeded } = await scene(400);
    const rig = scanRig(sim);
    const start = rig.clock.time;
    await startAndDrain(rig, seeded.workspace.uuid, 'full');
    const hours = (rig.clock.time - start) / 3_600_000;
    const requests = rig.meter.requests;
    expect(requests).toBeGreaterThan(100);
    expect(rig.waits.length).toBeGreaterThan(0);
    // Burst (100) plus the refill over the elapsed time bounds what was sent.
    expect(requests).toBeLessThanOrEqual(100 + Math.ceil(hours * 1000) + 1);
  });
});
