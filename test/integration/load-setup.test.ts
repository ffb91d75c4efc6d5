// loadSetup against the simulator through the real client and a real socket.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/usecases/load-setup';
import { IDENTITY_VARIABLE, SETUP_BRANCH } from '../../src/usecases/types';
import { DEMO_PIPELINE, demoSeed, seedRepository, type SimRepository } from '../../preview/simulator';
import { CHOICES, corpusFile, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function demo(): Promise<SimRepository> {
  h = await startHarness(demoSeed);
  return h.state.repositories[0]!;
}

describe('loadSetup', () => {
  it('reads a repository without a pipeline file', async () => {
    h = await startHarness();
    const { repo, initialCommit } = seedRepository(h.state, { workspace: 'blank', repository: 'svc', environments: ['Production'] });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.data;
    expect(data.pipelineFile).toBeNull();
    expect(data.steps).toEqual([]);
    expect(data.oidcSteps).toEqual([]);
    expect(data.mainBranchCommit).toBe(initialCommit.hash);
    expect(data.facts).toEqual({
      workspace: { slug: 'blank', uuid: repo.workspace.uuid },
      repository: { slug: 'svc', uuid: repo.uuid, mainBranch: 'main' },
      environments: [{ uuid: repo.environments[0]!.uuid, name: 'Production' }],
    });
    expect(data.oidc.issuer).toBe('https://api.bitbucket.org/2.0/workspaces/blank/pipelines-config/identity/oidc');
    expect(data.oidc.audience).toBe(`ari:cloud:bitbucket::workspace/${repo.workspace.uuid.slice(1, -1)}`);
    expect(data.pipelinesEnabled).toEqual({ available: true, value: true });
    expect(data.openPullRequest).toEqual({ available: true, value: null });
    expect(data.identityVariable).toEqual({ available: true, value: null });
  });

  it('reads an existing file from the corpus byte for byte, with its steps and oidc trust findings', async () => {
    h = await startHarness();
    const text = corpusFile('19-0ryant-taudit-contexts-fixture.yml');
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'fixture', files: { 'bitbucket-pipelines.yml': text } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo), { choices: CHOICES });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.pipelineFile).toBe(text);
    expect(result.data.steps.length).toBeGreaterThan(2);
    // The fixture has `oidc: true` steps; each gets a verdict against the default (main branch) trust.
    expect(result.data.oidcSteps.length).toBeGreaterThan(0);
    for (const finding of result.data.oidcSteps) expect(['accepted', 'partly', 'refused']).toContain(finding.verdict);
    // Before any choice is saved, the findings use the default trust (the main branch).
    const noHint = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(noHint.ok && noHint.data.oidcSteps).toEqual(result.data.oidcSteps);
    // Trusting another deployment environment refuses the step (it deploys to production).
    const env = h.state.addEnvironment(repo, 'staging', 'Staging');
    const envTrust = await loadSetup({ read: h.client() }, h.ids(repo), { choices: { ...CHOICES, trust: { kind: 'environment', environmentUuid: env.uuid } } });
    expect(envTrust.ok && envTrust.data.oidcSteps.map((f) => f.verdict)).toEqual(['refused']);
  });

  it('judges existing oidc steps by the default trust when the saved choices no longer fit (environment deleted)', async () => {
    h = await startHarness();
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'fixture', files: { 'bitbucket-pipelines.yml': corpusFile('19-0ryant-taudit-contexts-fixture.yml') } });
    const gone = { ...CHOICES, trust: { kind: 'environment' as const, environmentUuid: '{00000000-0000-4000-8000-00000000dead}' } };
    const result = await loadSetup({ read: h.client() }, h.ids(repo), { choices: gone });
    const byDefault = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok && result.data.oidcSteps.length).toBeGreaterThan(0);
    expect(result.ok && result.data.oidcSteps).toEqual(byDefault.ok && byDefault.data.oidcSteps);
  });

  it('keeps the saved trust for the findings while the saved organization is still invalid', async () => {
    h = await startHarness();
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'fixture', files: { 'bitbucket-pipelines.yml': corpusFile('19-0ryant-taudit-contexts-fixture.yml') } });
    const env = h.state.addEnvironment(repo, 'staging', 'Staging');
    const trust = { kind: 'environment' as const, environmentUuid: env.uuid };
    const draft = await loadSetup({ read: h.client() }, h.ids(repo), { choices: { organization: 'Not Yet Valid!', trust } });
    const valid = await loadSetup({ read: h.client() }, h.ids(repo), { choices: { ...CHOICES, trust } });
    expect(valid.ok && valid.data.oidcSteps.map((f) => f.verdict)).toEqual(['refused']);
    expect(draft.ok && draft.data.oidcSteps).toEqual(valid.ok && valid.data.oidcSteps);
  });

  it('keeps CRLF line endings of a corpus file exactly', async () => {
    h = await startHarness();
    const text = corpusFile('09-Sort-Tree-mule-bitbucket-cicd-pipeline-cloudhub-1.yml');
    expect(text).toContain('\r\n');
    const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'mule', files: { 'bitbucket-pipelines.yml': text } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok && result.data.pipelineFile).toBe(text);
  });

  it('shows the open setup pull request and the identity variable when they exist', async () => {
    const repo = await demo();
    h.state.commitOrThrow(repo, { branch: SETUP_BRANCH, files: { 'x.txt': 'x' } });
    const pr = h.state.createPullRequest(repo, { title: 'Set up', sourceBranch: SETUP_BRANCH });
    repo.variables.push({ uuid: '{11111111-1111-4111-8111-111111111111}', key: IDENTITY_VARIABLE, value: 'abc/def', secured: false });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.openPullRequest).toMatchObject({ available: true, value: { id: pr.id, sourceBranch: SETUP_BRANCH, state: 'OPEN' } });
    expect(result.data.identityVariable).toEqual({ available: true, value: 'abc/def' });
    expect(result.data.pipelineFile).toBe(DEMO_PIPELINE);
  });

  it('degrades pipelinesEnabled when pipelines_config answers 403 (not an admin), and still loads the page', async () => {
    const repo = await demo();
    h.state.addActor('writer', { displayName: 'Wanda Writer', nickname: 'wanda', permission: 'write' });
    const result = await loadSetup({ read: h.client('writer') }, h.ids(repo));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.pipelinesEnabled.available).toBe(false);
    if (!result.data.pipelinesEnabled.available) {
      expect(result.data.pipelinesEnabled.reason).toMatch(/admin/i);
    }
    expect(result.data.pipelineFile).toBe(DEMO_PIPELINE);
    expect(result.data.identityVariable.available).toBe(true);
  });

  it('degrades the environment list when environments answer 403, and still loads the page', async () => {
    const repo = await demo();
    h.sim.faults.add({ method: 'GET', path: /\/environments$/, action: { kind: 'status', status: 403, message: 'Access denied' } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.facts.environments).toEqual([]);
    expect(result.data.environmentsUnavailable).toMatch(/environments could not be read.*Access denied/is);
    expect(result.data.pipelineFile).toBe(DEMO_PIPELINE);
  });

  it('reports no environmentsUnavailable when the list was read', async () => {
    const repo = await demo();
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok && result.data.environmentsUnavailable).toBe(undefined);
    expect(result.ok && result.data.facts.environments.length).toBe(3);
  });

  it('fails the page with a clear error when the repository itself is forbidden', async () => {
    const repo = await demo();
    h.sim.faults.add({ method: 'GET', path: /^\/2\.0\/repositories\/[^/]+\/[^/]+$/, action: { kind: 'status', status: 403, message: 'Access denied' } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    if (!result.ok) expect(result.error.message).toMatch(/read:repository:bitbucket/);
  });

  it('needs at most 2 sequential round trips without a hint, and 1 with the right main branch', async () => {
    const repo = await demo();
    const cold = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(cold.ok).toBe(true);
    expect(h.meter.sequentialRoundTrips()).toBeLessThanOrEqual(2);
    h.meter.reset();
    const warm = await loadSetup({ read: h.client() }, h.ids(repo), { mainBranch: 'main' });
    expect(warm.ok).toBe(true);
    expect(h.meter.sequentialRoundTrips()).toBe(1);
    expect(warm.ok && cold.ok && warm.data).toEqual(cold.ok && cold.data);
  });

  it('recovers from a stale main-branch hint with one more round trip and the right data', async () => {
    const repo = await demo();
    const result = await loadSetup({ read: h.client() }, h.ids(repo), { mainBranch: 'master' });
    expect(result.ok && result.data.facts.repository.mainBranch).toBe('main');
    expect(result.ok && result.data.pipelineFile).toBe(DEMO_PIPELINE);
    expect(h.meter.sequentialRoundTrips()).toBe(2);
  });

  it('reads a main branch whose name has a slash by commit (one more round trip, unavoidable)', async () => {
    h = await startHarness();
    const { repo, initialCommit } = seedRepository(h.state, { workspace: 'acme', repository: 'rel', mainBranch: 'release/2026', files: { 'bitbucket-pipelines.yml': DEMO_PIPELINE } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok && result.data.mainBranchCommit).toBe(initialCommit.hash);
    expect(result.ok && result.data.pipelineFile).toBe(DEMO_PIPELINE);
    expect(h.meter.sequentialRoundTrips()).toBe(3);
    // /src was addressed by the commit hash, never by the branch name.
    expect(h.sim.requests.filter((r) => r.url.includes('/src/')).every((r) => r.url.includes(`/src/${initialCommit.hash}/`))).toBe(true);
  });

  it('needs only 2 round trips for a main branch with a slash once the page remembers it', async () => {
    h = await startHarness();
    const { repo, initialCommit } = seedRepository(h.state, { workspace: 'acme', repository: 'rel', mainBranch: 'release/2026', files: { 'bitbucket-pipelines.yml': DEMO_PIPELINE } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo), { mainBranch: 'release/2026' });
    expect(result.ok && result.data.pipelineFile).toBe(DEMO_PIPELINE);
    expect(h.meter.sequentialRoundTrips()).toBe(2);
    expect(h.sim.requests.filter((r) => r.url.includes('/src/')).every((r) => r.url.includes(`/src/${initialCommit.hash}/`))).toBe(true);
  });

  it('retries a rate-limited read on the fake clock and succeeds', async () => {
    const repo = await demo();
    h.sim.faults.rateLimit('GET', /\/environments$/, 2, 3);
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result.ok).toBe(true);
    expect(h.clock.slept).toEqual([3000, 3000]);
  });
});

describe('loadSetup with a bitbucket-pipelines.yml that is not UTF-8', () => {
  it('degrades only the pipeline section: the repository, OIDC values and identity still load', async () => {
    const repo = await demo();
    // Latin-1 "é" (0xE9) alone is not UTF-8.
    const latin1 = Uint8Array.from(Buffer.from('pipelines:\n  default:\n    - step:\n        name: Caf\xe9\n        script: [make]\n', 'latin1'));
    h.sim.faults.add({ method: 'GET', path: /\/src\/[^/]+\/bitbucket-pipelines\.yml$/, times: 10, action: { kind: 'bytes', status: 200, contentType: 'text/plain', body: latin1 } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo), { mainBranch: 'main' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.pipelineFile).toBeNull();
    expect(result.data.steps).toEqual([]);
    expect(result.data.pipelineFileProblem).toMatch(/bitbucket-pipelines\.yml at commit \S+ is not UTF-8 text, so it cannot be edited safely\. Convert it to UTF-8/);
    expect(result.data.mainBranchCommit).toBe(repo.branches.get('main'));
    expect(result.data.oidc.audience).toBeTruthy();
    expect(result.data.facts.repository.uuid).toBe(repo.uuid);
  });

  it('also when the main branch is not known yet (tip first, then the file)', async () => {
    const repo = await demo();
    const latin1 = Uint8Array.from([0x61, 0x3a, 0x20, 0xff, 0x0a]);
    h.sim.faults.add({ method: 'GET', path: /\/src\/[^/]+\/bitbucket-pipelines\.yml$/, times: 10, action: { kind: 'bytes', status: 200, contentType: 'text/plain', body: latin1 } });
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result).toMatchObject({ ok: true, data: { pipelineFile: null, pipelineFileProblem: expect.stringContaining('not UTF-8') } });
  });
});
