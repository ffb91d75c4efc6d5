// The client over the plain-fetch transport against the Bitbucket simulator
// (a loopback HTTP server): real sockets, real URL parsing, real `next` links,
// real Location headers. Time is still the fake clock, so retries never sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PIPELINE, DEMO_REPOSITORY_UUID, DEMO_WORKSPACE_UUID, demoSeed, startSimulator, type DemoScene, type Simulator } from '../../preview/simulator';
import { createBitbucketClient, type BitbucketClient } from '../../src/bitbucket/client';
import { BitbucketError } from '../../src/bitbucket/errors';
import { createFetchTransport } from '../../src/bitbucket/fetch-transport';
import { fakeClock, type FakeClock } from './fakes';

const IDS = { workspaceUuid: DEMO_WORKSPACE_UUID, repositoryUuid: DEMO_REPOSITORY_UUID };

let sim: Simulator;
let scene: DemoScene;
let clock: FakeClock;
let client: BitbucketClient;

beforeAll(async () => {
  let seeded: DemoScene | undefined;
  sim = await startSimulator({
    seed: (state) => {
      seeded = demoSeed(state);
      // more than one page of 100, so `next` is followed for real
      for (let i = 0; i < 102; i += 1) state.addEnvironment(seeded.repo, `extra-${i}`, 'Test');
    },
  });
  scene = seeded as DemoScene;
  clock = fakeClock();
  client = createBitbucketClient({ transport: createFetchTransport({ baseUrl: sim.url }), clock, random: () => 0 });
});

afterAll(async () => {
  await sim.close();
});

describe('the client against the simulator', () => {
  it('reads the repository, its main branch tip and the pipeline file', async () => {
    const repo = await client.getRepository(IDS);
    expect(repo).toMatchObject({ slug: 'web-app', mainBranch: 'main', workspace: { slug: 'acme', uuid: DEMO_WORKSPACE_UUID } });
    const tip = await client.getBranch(IDS, 'main');
    expect(tip?.commit).toBe(scene.initialCommit.hash);
    expect(await client.readFile(IDS, scene.initialCommit.hash, 'bitbucket-pipelines.yml')).toBe(DEMO_PIPELINE);
    expect(await client.readFile(IDS, scene.initialCommit.hash, 'missing.yml')).toBeNull();
    expect(await client.getBranch(IDS, 'no-such-branch')).toBeNull();
    expect(await client.getPipelinesConfig(IDS)).toEqual({ enabled: true });
  });

  it('follows next across pages of environments', async () => {
    const envs = await client.listEnvironments(IDS);
    expect(envs).toHaveLength(105);
    expect(new Set(envs.map((e) => e.uuid)).size).toBe(105);
    expect(envs.map((e) => e.name)).toContain('Production');
  });

  it('commits exact bytes to a new branch whose name has "/", then reads them back', async () => {
    const content = '\uFEFFpipelines:\r\n  custom:\r\n    grüße: []   # 🚀 & = + %\r\n';
    const branch = 'feature/chainguard oidc';
    const { commit } = await client.commitFile(IDS, {
      branch,
      parent: scene.initialCommit.hash,
      path: 'bitbucket-pipelines.yml',
      content,
      message: 'Add Chainguard OIDC',
      author: 'Chainguard OIDC app <noreply@example.com>',
    });
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect((await client.getBranch(IDS, branch))?.commit).toBe(commit);
    expect(await client.readFile(IDS, commit, 'bitbucket-pipelines.yml')).toBe(content);
    const info = await client.getCommit(IDS, commit);
    expect(info?.parents).toEqual([scene.initialCommit.hash]);
    expect(info?.message).toBe('Add Chainguard OIDC');

    // the same parent again: the branch has moved, so Bitbucket answers 409
    const error = await client
      .commitFile(IDS, { branch, parent: scene.initialCommit.hash, path: 'bitbucket-pipelines.yml', content: 'x', message: 'again' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BitbucketError);
    expect((error as BitbucketError).code).toBe('conflict');
  });

  it('creates a pull request and finds it by source branch', async () => {
    const branch = 'chainguard-oidc-setup';
    await client.commitFile(IDS, { branch, parent: scene.initialCommit.hash, path: 'bitbucket-pipelines.yml', content: 'a: 1\n', message: 'm' });
    expect(await client.findOpenPullRequests(IDS, branch)).toEqual([]);
    const pr = await client.createPullRequest(IDS, {
      title: 'Set up Chainguard OIDC',
      description: 'Adds a step',
      sourceBranch: branch,
      destinationBranch: 'main',
      closeSourceBranch: true,
    });
    expect(pr).toMatchObject({ sourceBranch: branch, state: 'OPEN', title: 'Set up Chainguard OIDC' });
    expect(await client.findOpenPullRequests(IDS, branch)).toEqual([pr]);
    expect(await client.findOpenPullRequests(IDS, 'x" OR source.branch.name = "chainguard-oidc-setup')).toEqual([]);
  });

  it('creates, lists and updates the identity variable', async () => {
    const created = await client.createVariable(IDS, { key: 'CHAINGUARD_IDENTITY', value: 'one', secured: false });
    expect(created).toMatchObject({ key: 'CHAINGUARD_IDENTITY', value: 'one', secured: false });
    const updated = await client.updateVariable(IDS, created.uuid, { key: 'CHAINGUARD_IDENTITY', value: 'two', secured: false });
    expect(updated.value).toBe('two');
    const all = await client.listVariables(IDS);
    expect(all.filter((v) => v.key === 'CHAINGUARD_IDENTITY')).toEqual([{ ...created, value: 'two' }]);
  });

  it('rides out a rate limit and a dropped connection on reads', async () => {
    const sleepsBefore = clock.sleeps.length;
    sim.faults.rateLimit('GET', /\/refs\/branches\//, 1, 2);
    expect((await client.getBranch(IDS, 'main'))?.commit).toBe(scene.initialCommit.hash);
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([2000]);

    const requestsBefore = sim.requests.length;
    sim.faults.drop('GET', /\/refs\/branches\//, 1);
    expect((await client.getBranch(IDS, 'main'))?.commit).toBe(scene.initialCommit.hash);
    expect(sim.requests.slice(requestsBefore).map((r) => r.status)).toEqual([0, 200]);
  });

  it('does not send POST /pullrequests twice when the first answer is lost', async () => {
    sim.faults.fail('POST', /\/pullrequests$/, 503, 1);
    const before = sim.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pullrequests')).length;
    const error = await client
      .createPullRequest(IDS, { title: 't', description: 'd', sourceBranch: 'other', destinationBranch: 'main', closeSourceBranch: false })
      .catch((e: unknown) => e);
    expect((error as BitbucketError).code).toBe('bitbucket-unavailable');
    const after = sim.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pullrequests')).length;
    expect(after - before).toBe(1);
  });
});
