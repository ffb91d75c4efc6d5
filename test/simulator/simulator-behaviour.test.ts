// The simulator's own rules: Bitbucket's /src branch semantics, the BBQL
// subset, pagination, addressing by slug or UUID, fault injection, and the
// loopback/token guard.
import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed, parseBbql, SimulatorState, startSimulator, type Simulator } from '../../preview/simulator';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
}

describe('POST /src semantics (state)', () => {
  const scene = () => {
    const state = new SimulatorState();
    const { repo, initialCommit } = demoSeed(state);
    return { state, repo, initialCommit };
  };

  it('a new branch with parents starts from that parent and leaves main alone', () => {
    const { state, repo, initialCommit } = scene();
    const outcome = state.commit(repo, { branch: 'feature', parent: initialCommit.hash, files: { 'a.txt': 'a' } });
    expect(outcome.ok && outcome.createdBranch).toBe(true);
    expect(repo.branches.get('main')).toBe(initialCommit.hash);
    expect(state.fileAt(repo, 'feature', 'a.txt')).toBe('a');
    expect(state.fileAt(repo, 'feature', 'README.md')).toBe(state.fileAt(repo, 'main', 'README.md'));
  });

  it('an existing branch with a stale parent is a conflict; with its tip it advances', () => {
    const { state, repo, initialCommit } = scene();
    const next = state.commitOrThrow(repo, { files: { 'b.txt': 'b' } });
    expect(state.commit(repo, { branch: 'main', parent: initialCommit.hash, files: {} })).toMatchObject({ ok: false, reason: 'conflict' });
    const advanced = state.commit(repo, { branch: 'main', parent: next.hash, files: { 'c.txt': 'c' } });
    expect(advanced.ok && advanced.commit.parents).toEqual([next.hash]);
  });

  it('no branch means the main branch; `files` without content deletes', () => {
    const { state, repo } = scene();
    state.commitOrThrow(repo, { deletions: ['README.md'] });
    expect(state.fileAt(repo, 'main', 'README.md')).toBeUndefined();
  });
});

describe('BBQL subset', () => {
  it('parses = and != terms joined by AND, with escapes', () => {
    expect(parseBbql('source.branch.name = "a\\"b\\\\c" AND state != "OPEN"')).toEqual({
      ok: true,
      terms: [
        { field: 'source.branch.name', op: '=', value: 'a"b\\c' },
        { field: 'state', op: '!=', value: 'OPEN' },
      ],
    });
  });

  it('refuses what it does not understand', () => {
    for (const q of ['state = OPEN', 'a = "x" OR b = "y"', 'a ~ "x"', 'a = "unterminated', '(a = "x")']) {
      expect(parseBbql(q).ok, q).toBe(false);
    }
  });
});

describe('HTTP behaviour', () => {
  it('addresses repositories by slug or braced UUID (encoded), and 404s unknown ones', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const repo = sim.state.repositories[0]!;
    const byUuid = await fetch(`${sim.url}/2.0/repositories/${encodeURIComponent(repo.workspace.uuid)}/${encodeURIComponent(repo.uuid)}`);
    expect(byUuid.status).toBe(200);
    expect((await fetch(`${sim.url}/2.0/repositories/acme/web-app`)).status).toBe(200);
    expect((await fetch(`${sim.url}/2.0/repositories/acme/other`)).status).toBe(404);
  });

  it('reads branch names with a slash whether encoded or not', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const repo = sim.state.repositories[0]!;
    sim.state.commitOrThrow(repo, { branch: 'feature/x', files: { 'f.txt': 'f' } });
    const base = `${sim.url}/2.0/repositories/acme/web-app/refs/branches/`;
    expect((await fetch(`${base}feature%2Fx`)).status).toBe(200);
    expect((await fetch(`${base}feature/x`)).status).toBe(200);
  });

  it('POST /src answers 201 with Location, then 409 for the same parent, and refuses multipart', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const tip = sim.state.repositories[0]!.branches.get('main')!;
    const url = `${sim.url}/2.0/repositories/acme/web-app/src`;
    const fields = { '/message': 'a file named message', message: 'commit message', branch: 'b', parents: tip };
    const first = await fetch(url, form(fields));
    expect(first.status).toBe(201);
    const hash = /\/commit\/([0-9a-f]{40})$/.exec(first.headers.get('location') ?? '')?.[1];
    const commit = sim.state.repositories[0]!.commits.get(hash!)!;
    expect(commit.message).toBe('commit message');
    expect(commit.files.get('message')).toBe('a file named message');
    expect((await fetch(url, form(fields))).status).toBe(409);
    const multipart = new FormData();
    multipart.set('message', 'x');
    expect((await fetch(url, { method: 'POST', body: multipart })).status).toBe(415);
  });

  it('paginates with an absolute next link that keeps the query', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const first = (await (await fetch(`${sim.url}/2.0/repositories/acme/web-app/environments?pagelen=2`)).json()) as { values: { name: string }[]; next: string };
    expect(first.values.map((v) => v.name)).toEqual(['Test', 'Staging']);
    const second = (await (await fetch(first.next)).json()) as { values: { name: string }[]; next?: string };
    expect(second.values.map((v) => v.name)).toEqual(['Production']);
    expect(second.next).toBeUndefined();
  });

  it('injects faults N times on matching calls only', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const repoUrl = `${sim.url}/2.0/repositories/acme/web-app`;
    const fault = sim.faults.fail('GET', /\/environments$/, 502, 2);
    expect((await fetch(repoUrl)).status).toBe(200);
    expect((await fetch(`${repoUrl}/environments`)).status).toBe(502);
    expect((await fetch(`${repoUrl}/environments`)).status).toBe(502);
    expect((await fetch(`${repoUrl}/environments`)).status).toBe(200);
    expect(fault.hits).toBe(2);
    sim.faults.drop('GET', /\/environments$/);
    await expect(fetch(`${repoUrl}/environments`)).rejects.toThrow();
    sim.faults.latency(60, 'GET', /\/environments$/, 1);
    const started = Date.now();
    expect((await fetch(`${repoUrl}/environments`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('refuses a non-loopback host without a token, and enforces the token when given', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/token/);
    sim = await startSimulator({ seed: demoSeed, token: 's3cret' });
    const url = `${sim.url}/2.0/repositories/acme/web-app`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(200);
  });

  it('answers 403 on admin-only reads for a caller with write permission', async () => {
    sim = await startSimulator({ seed: demoSeed });
    sim.state.addActor('w', { displayName: 'W', nickname: 'w', permission: 'write' });
    const res = await fetch(`${sim.url}/2.0/repositories/acme/web-app/pipelines_config`, { headers: { Authorization: 'Bearer w' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/admin/) } });
  });
});

describe('pull request diff (for the preview)', () => {
  it('shows the source branch changes against the merge base, git style', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const repo = sim.state.repositories[0]!;
    sim.state.commitOrThrow(repo, { branch: 'topic', files: { 'README.md': '# web-app\n\nAcme storefront, now faster.\n', 'new.txt': 'hello\n' } });
    // main moves on after the branch: its change must not show up in the PR diff.
    sim.state.commitOrThrow(repo, { files: { 'main-only.txt': 'm\n' } });
    const pr = sim.state.createPullRequest(repo, { title: 't', sourceBranch: 'topic' });
    const text = await (await fetch(`${sim.url}/2.0/repositories/acme/web-app/pullrequests/${pr.id}/diff`)).text();
    expect(text).toBe(
      [
        'diff --git a/README.md b/README.md',
        '--- a/README.md',
        '+++ b/README.md',
        '@@ -1,3 +1,3 @@',
        ' # web-app',
        ' ',
        '-Acme storefront.',
        '+Acme storefront, now faster.',
        'diff --git a/new.txt b/new.txt',
        '--- /dev/null',
        '+++ b/new.txt',
        '@@ -0,0 +1,1 @@',
        '+hello',
        '',
      ].join('\n'),
    );
  });
});
