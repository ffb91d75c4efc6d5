// openPullRequest against the simulator through the real client and socket:
// the normal paths, recovery after failures at each write, races, and refusals.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listSteps, planPipeline } from '../../src/core/pipeline';
import { openPullRequest } from '../../src/usecases/open-pull-request';
import { commitMessage } from '../../src/usecases/pull-request-description';
import { PIPELINE_PATH, SETUP_BRANCH, type OpenPullRequestInput } from '../../src/usecases/types';
import { commitAsPerson, demoSeed, DEMO_PIPELINE, seedRepository, type SimRepository } from '../../preview/simulator';
import { CHOICES, corpusFile, isSubsequence, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const INPUT: OpenPullRequestInput = { choices: CHOICES, selection: { steps: ['branches.main/1'] } };

async function demo(): Promise<SimRepository> {
  h = await startHarness(demoSeed);
  return h.state.repositories[0]!;
}

function fileOn(repo: SimRepository, branch: string): string | undefined {
  return h.state.fileAt(repo, branch, PIPELINE_PATH);
}

function openPrs(repo: SimRepository) {
  return repo.pullRequests.filter((p) => p.state === 'OPEN');
}

function writes(): string[] {
  return h.sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
}

describe('openPullRequest: the normal paths', () => {
  it('creates the file, the branch and the pull request when the repository has no pipeline file', async () => {
    h = await startHarness();
    const { repo, initialCommit } = seedRepository(h.state, { workspace: 'acme', repository: 'svc' });
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES });
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 1, sourceBranch: SETUP_BRANCH, state: 'OPEN' } } });
    if (!result.ok) return;
    expect(result.data.changes?.createdFile).toBe(true);
    const planned = planPipeline(null, { workspace: { slug: 'acme', uuid: repo.workspace.uuid }, repository: { slug: 'svc', uuid: repo.uuid, mainBranch: 'main' }, environments: [] }, CHOICES);
    expect(planned.ok && fileOn(repo, SETUP_BRANCH)).toBe(planned.ok && planned.content);
    expect(repo.branches.get('main')).toBe(initialCommit.hash);
    const pr = repo.pullRequests[0]!;
    expect(pr).toMatchObject({ destinationBranch: 'main', closeSourceBranch: true });
    expect(pr.description).toContain('## How to undo');
    expect(pr.description).not.toMatch(/<!--|<details/);
    expect(result.data.pullRequest?.url).toBe('https://bitbucket.org/acme/svc/pull-requests/1');
  });

  it('works when the main branch name has a slash', async () => {
    h = await startHarness();
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'rel', mainBranch: 'release/2026', files: { [PIPELINE_PATH]: DEMO_PIPELINE } });
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES });
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(repo.pullRequests[0]).toMatchObject({ destinationBranch: 'release/2026', sourceBranch: SETUP_BRANCH });
  });

  it('edits an existing corpus file keeping every original line, in order', async () => {
    h = await startHarness();
    const original = corpusFile('02-211211-aws-lambda-demo-project.yml');
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'lambda', files: { [PIPELINE_PATH]: original } });
    const steps = listSteps(original);
    expect(steps.ok).toBe(true);
    // The first step the core agrees to edit for main-branch trust (others run on develop or pull requests).
    const facts = { workspace: { slug: 'acme', uuid: repo.workspace.uuid }, repository: { slug: 'lambda', uuid: repo.uuid, mainBranch: 'main' }, environments: [] };
    const editable = (steps.ok ? steps.steps : []).find((s) => planPipeline(original, facts, CHOICES, { steps: [s.id] }).ok);
    expect(editable).toBeDefined();
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES, selection: { steps: [editable!.id] } });
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created' } });
    const edited = fileOn(repo, SETUP_BRANCH)!;
    expect(edited).not.toBe(original);
    expect(isSubsequence(original.split('\n'), edited.split('\n'))).toBe(true);
    expect(edited).toMatch(/oidc: true/);
    expect(fileOn(repo, 'main')).toBe(original);
  });

  it('updates its own open pull request with a new commit, then reports unchanged', async () => {
    const repo = await demo();
    const first = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(first).toMatchObject({ ok: true, data: { outcome: 'created' } });
    const firstTip = repo.branches.get(SETUP_BRANCH)!;

    const second = await openPullRequest(h.deps(), h.ids(repo), { ...INPUT, choices: { organization: 'other.example' } });
    expect(second).toMatchObject({ ok: true, data: { outcome: 'updated', pullRequest: { id: 1 } } });
    const tip = h.state.resolveRevision(repo, SETUP_BRANCH)!;
    expect(tip.parents).toEqual([firstTip]);
    expect(fileOn(repo, SETUP_BRANCH)).toContain("--parent 'other.example'");
    expect(second.ok && second.data.pullRequest?.sourceCommit).toBe(tip.hash);

    const third = await openPullRequest(h.deps(), h.ids(repo), { ...INPUT, choices: { organization: 'other.example' } });
    expect(third).toMatchObject({ ok: true, data: { outcome: 'unchanged', pullRequest: { id: 1 } } });
    expect(repo.branches.get(SETUP_BRANCH)).toBe(tip.hash);
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('leaves a pull request alone once a person has pushed to it', async () => {
    const repo = await demo();
    await openPullRequest(h.deps(), h.ids(repo), INPUT);
    const human = commitAsPerson(h.state, repo, { branch: SETUP_BRANCH, files: { [PIPELINE_PATH]: `${fileOn(repo, SETUP_BRANCH)}# tuned by hand\n` } });
    const before = writes().length;
    const result = await openPullRequest(h.deps(), h.ids(repo), { ...INPUT, choices: { organization: 'other.example' } });
    expect(result).toMatchObject({ ok: true, data: { outcome: 'edited-by-person', pullRequest: { id: 1 } } });
    expect(result.ok && result.data.message).toMatch(/pushed their own commits/);
    expect(repo.branches.get(SETUP_BRANCH)).toBe(human.hash);
    expect(writes().length).toBe(before);
  });

  it('also treats an amended commit that kept our message but changed the file as a person\'s', async () => {
    const repo = await demo();
    await openPullRequest(h.deps(), h.ids(repo), INPUT);
    const ours = h.state.resolveRevision(repo, SETUP_BRANCH)!;
    commitAsPerson(h.state, repo, { branch: SETUP_BRANCH, message: ours.message, files: { [PIPELINE_PATH]: 'pipelines: {}\n' } });
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'edited-by-person' } });
  });

  it('creates nothing when the file already has everything (no-op)', async () => {
    h = await startHarness();
    const facts = (repo: SimRepository) => ({ workspace: { slug: 'acme', uuid: repo.workspace.uuid }, repository: { slug: 'done', uuid: repo.uuid, mainBranch: 'main' }, environments: [] });
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'done' });
    const generated = planPipeline(null, facts(repo), CHOICES);
    if (!generated.ok) throw new Error('the core could not generate a file');
    commitAsPerson(h.state, repo, { files: { [PIPELINE_PATH]: generated.content } });
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES });
    expect(result).toMatchObject({ ok: true, data: { outcome: 'no-change', pullRequest: null } });
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
    expect(repo.pullRequests).toHaveLength(0);
    expect(writes()).toEqual([]);
  });
});

describe('openPullRequest: after the pull request is closed', () => {
  it('after a merge (branch closed), the same choices need nothing more', async () => {
    const repo = await demo();
    await openPullRequest(h.deps(), h.ids(repo), INPUT);
    h.state.mergePullRequest(repo, 1);
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
    const again = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(again).toMatchObject({ ok: true, data: { outcome: 'no-change', pullRequest: null } });
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
  });

  it('after a decline, a new click opens a fresh pull request from the same branch', async () => {
    const repo = await demo();
    await openPullRequest(h.deps(), h.ids(repo), INPUT);
    h.state.declinePullRequest(repo, 1);
    const again = await openPullRequest(h.deps(), h.ids(repo), { ...INPUT, choices: { organization: 'other.example' } });
    expect(again).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 2 } } });
    expect(openPrs(repo).map((p) => p.id)).toEqual([2]);
    expect(fileOn(repo, SETUP_BRANCH)).toContain("--parent 'other.example'");
  });
});

describe('openPullRequest: round trips', () => {
  it('creates in at most 4 sequential round trips, updates in 4, and confirms "unchanged" in 2', async () => {
    const repo = await demo();
    const created = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(created).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(h.meter.sequentialRoundTrips()).toBeLessThanOrEqual(4);
    h.meter.reset();
    const unchanged = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(unchanged).toMatchObject({ ok: true, data: { outcome: 'unchanged' } });
    expect(h.meter.sequentialRoundTrips()).toBe(2);
    h.meter.reset();
    const updated = await openPullRequest(h.deps(), h.ids(repo), { ...INPUT, choices: { organization: 'other.example' } });
    expect(updated).toMatchObject({ ok: true, data: { outcome: 'updated' } });
    expect(h.meter.sequentialRoundTrips()).toBeLessThanOrEqual(4);
  });
});

describe('openPullRequest: refusals', () => {
  it('refuses an unparsable file with the core\'s message and writes nothing', async () => {
    h = await startHarness();
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'broken', files: { [PIPELINE_PATH]: corpusFile('14-10002856340c-ETL-OpenSearch.yml') } });
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
    if (!result.ok) expect(result.error.message).toMatch(/alias|parse|YAML/i);
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
    expect(repo.pullRequests).toHaveLength(0);
    expect(writes()).toEqual([]);
  });

  it('reports missing write permission on the commit, naming the scope, and leaves no branch', async () => {
    const repo = await demo();
    h.state.addActor('reader', { displayName: 'Rita Reader', nickname: 'rita', permission: 'read' });
    const result = await openPullRequest(h.deps({ write: 'reader' }), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    if (!result.ok) expect(result.error.message).toMatch(/write:repository:bitbucket/);
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
  });

  it('rejects invalid choices as invalid-input with the field named', async () => {
    const repo = await demo();
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: { organization: 'Not A Valid Org!' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!result.ok) expect(result.error.fields?.[0]?.field).toBe('organization');
    expect(writes()).toEqual([]);
  });

  it('rejects a selection naming a step that does not exist', async () => {
    const repo = await demo();
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES, selection: { steps: ['branches.nope/9'] } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'selection' }] } });
  });
});

describe('openPullRequest: races and recovery', () => {
  it('re-plans when main changes the pipeline file while the app commits', async () => {
    const repo = await demo();
    const changedMain = DEMO_PIPELINE.replace('image: node:20', 'image: node:22 # bumped while the app was working');
    h.sim.faults.before('POST', /\/src$/, () => {
      commitAsPerson(h.state, repo, { files: { [PIPELINE_PATH]: changedMain } });
    });
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created' } });
    const onBranch = fileOn(repo, SETUP_BRANCH)!;
    expect(onBranch).toContain('image: node:22 # bumped while the app was working');
    expect(isSubsequence(changedMain.split('\n'), onBranch.split('\n'))).toBe(true);
    expect(openPrs(repo)).toHaveLength(1);
  });

  it('notices main moving between reading its tip and its file, and ends with the newer file', async () => {
    const repo = await demo();
    const changedMain = DEMO_PIPELINE.replace('# Build and deploy web-app.', '# Build and deploy web-app (edited meanwhile).');
    // The tip answers at once; the file read by name is held back, and main moves just before it is served.
    h.sim.faults.latency(40, 'GET', /\/src\/main\//, 1);
    h.sim.faults.before('GET', /\/src\/main\//, () => {
      commitAsPerson(h.state, repo, { files: { [PIPELINE_PATH]: changedMain } });
    });
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 1 } } });
    const onBranch = fileOn(repo, SETUP_BRANCH)!;
    expect(isSubsequence(changedMain.split('\n'), onBranch.split('\n'))).toBe(true);
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('survives a 409 when another click commits first, and returns the one pull request', async () => {
    const repo = await demo();
    let concurrent: Awaited<ReturnType<typeof openPullRequest>> | undefined;
    h.sim.faults.before('POST', /\/src$/, async () => {
      concurrent = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    });
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(concurrent).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(h.sim.requests.some((r) => r.method === 'POST' && r.url.endsWith('/src') && r.status === 409)).toBe(true);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'unchanged', pullRequest: { id: 1 } } });
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('reports a conflict after the branch moves twice in a row, and the next click completes', async () => {
    const repo = await demo();
    // Each time the app is about to commit, another app-made commit lands on the branch first.
    let round = 0;
    h.sim.faults.before(
      'POST',
      /\/src$/,
      () => {
        round += 1;
        const content = `${DEMO_PIPELINE}# concurrent edit ${round}\n`;
        const digest = createHash('sha256').update(content).digest('hex');
        const changes = { createdFile: false, addedCustomPipeline: null, oidcAddedTo: [], alreadyOidc: [], reachedThroughAliases: [] };
        h.state.commitOrThrow(repo, { branch: SETUP_BRANCH, files: { [PIPELINE_PATH]: content }, message: commitMessage(changes, digest) });
      },
      2,
    );
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', status: 409 } });
    if (!result.ok) expect(result.error.message).toMatch(/twice in a row.*try again/);
    expect(repo.pullRequests).toHaveLength(0);
    const next = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(next).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(fileOn(repo, SETUP_BRANCH)).not.toContain('# concurrent edit');
  });

  it('retries rate-limited calls on the fake clock and completes', async () => {
    const repo = await demo();
    h.sim.faults.rateLimit('GET', /\/pullrequests$/, 1, 2);
    h.sim.faults.rateLimit('POST', /\/src$/, 1, 1);
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(h.clock.slept).toEqual(expect.arrayContaining([2000, 1000]));
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('5xx on the commit: a clear error, nothing written; the next click completes', async () => {
    const repo = await demo();
    h.sim.faults.fail('POST', /\/src$/, 503, 10);
    const failed = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(failed).toMatchObject({ ok: false, error: { code: 'bitbucket-unavailable', status: 503 } });
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
    h.sim.faults.clear();
    const retried = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(retried).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('commit applied but its answer lost: the client\'s retry meets 409 and the flow still completes once', async () => {
    const repo = await demo();
    h.sim.faults.add({ method: 'POST', path: /\/src$/, action: { kind: 'drop-after' } });
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created' } });
    expect(repo.pullRequests).toHaveLength(1);
    // Exactly one commit on the branch: the lost answer did not cause a second one.
    expect(h.state.resolveRevision(repo, SETUP_BRANCH)!.parents).toEqual([h.state.resolveRevision(repo, 'main')!.hash]);
  });

  it('5xx on creating the pull request: the next click finds the branch and opens exactly one', async () => {
    const repo = await demo();
    h.sim.faults.fail('POST', /\/pullrequests$/, 500, 1);
    const failed = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(failed).toMatchObject({ ok: false, error: { code: 'bitbucket-unavailable' } });
    const orphanTip = repo.branches.get(SETUP_BRANCH);
    expect(orphanTip).toBeDefined();
    const retried = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(retried).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 1 } } });
    expect(repo.branches.get(SETUP_BRANCH)).toBe(orphanTip);
    expect(repo.pullRequests).toHaveLength(1);
    expect(fileOn(repo, SETUP_BRANCH)).toContain('oidc: true');
  });

  it('pull request created but the parallel "did main move?" re-read fails: the pull request is reported, with a note', async () => {
    const repo = await demo();
    // Once the branch is committed, the next read of main (the re-check beside POST /pullrequests) fails.
    h.sim.faults.before('POST', /\/src$/, () => void h.sim.faults.fail('GET', /\/refs\/branches\/main$/, 500, 1));
    const result = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(result).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 1 } } });
    expect(result.ok && result.data.message).toMatch(/could not re-check main afterwards.*click again to bring it up to date/);
    expect(h.sim.requests.filter((r) => r.method === 'GET' && /\/refs\/branches\/main$/.test(r.url)).map((r) => r.status)).toContain(500);
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('pull request updated but the "did main move?" re-read fails: the update is reported, with a note', async () => {
    const repo = await demo();
    expect(await openPullRequest(h.deps(), h.ids(repo), INPUT)).toMatchObject({ ok: true, data: { outcome: 'created' } });
    h.sim.faults.before('POST', /\/src$/, () => void h.sim.faults.fail('GET', /\/refs\/branches\/main$/, 500, 1));
    const updated = await openPullRequest(h.deps(), h.ids(repo), { ...INPUT, choices: { ...CHOICES, organization: 'other.example' } });
    expect(updated).toMatchObject({ ok: true, data: { outcome: 'updated', pullRequest: { id: 1 } } });
    expect(updated.ok && updated.data.message).toMatch(/could not re-check main afterwards/);
  });

  it('pull request created but its answer lost: the same click looks it up and returns it, no duplicate', async () => {
    const repo = await demo();
    h.sim.faults.add({ method: 'POST', path: /\/pullrequests$/, action: { kind: 'drop-after' } });
    const first = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(first).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 1 } } });
    expect(first.ok && first.data.message).toMatch(/looked it up/);
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pullrequests'))).toHaveLength(1);
    expect(repo.pullRequests).toHaveLength(1);
    const again = await openPullRequest(h.deps(), h.ids(repo), INPUT);
    expect(again).toMatchObject({ ok: true, data: { outcome: 'unchanged', pullRequest: { id: 1 } } });
    expect(repo.pullRequests).toHaveLength(1);
  });

  it('ten concurrent clicks give one pull request, and every click gets it', async () => {
    const repo = await demo();
    const results = await Promise.all(Array.from({ length: 10 }, () => openPullRequest(h.deps(), h.ids(repo), INPUT)));
    for (const result of results) {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (result.ok) expect(result.data.pullRequest?.id).toBe(1);
    }
    expect(results.filter((r) => r.ok && r.data.outcome === 'created')).toHaveLength(1);
    expect(repo.pullRequests).toHaveLength(1);
    expect(h.state.resolveRevision(repo, SETUP_BRANCH)!.parents).toEqual([repo.branches.get('main')]);
  });
});
