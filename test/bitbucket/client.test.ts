import { describe, expect, it } from 'vitest';
import { UndecodableFileError, createBitbucketClient } from '../../src/bitbucket/client';
import { commitHashFromLocation } from '../../src/bitbucket/commit-location';
import { BitbucketError } from '../../src/bitbucket/errors';
import { HASH_A, HASH_B, REPO, REPO_PATH, fakeClock, recordingTransport, scriptedTransport, type Step } from './fakes';

function setup(steps: Step[]) {
  const script = scriptedTransport(steps);
  const client = createBitbucketClient({ transport: script.transport, clock: fakeClock(), random: () => 0 });
  return { client, script };
}

const PR_JSON = {
  id: 7,
  title: 'Set up Chainguard OIDC',
  state: 'OPEN',
  links: { html: { href: 'https://bitbucket.org/acme/demo/pull-requests/7' } },
  source: { branch: { name: 'chainguard-oidc-setup' }, commit: { hash: 'abc123def456' } },
  destination: { branch: { name: 'main' } },
};

describe('getRepository', () => {
  it('reads the repository by braced UUIDs and maps the fields', async () => {
    const { client, script } = setup([
      {
        status: 200,
        body: {
          uuid: REPO.repositoryUuid,
          slug: 'demo',
          full_name: 'acme/demo',
          mainbranch: { name: 'trunk', type: 'branch' },
          workspace: { uuid: REPO.workspaceUuid, slug: 'acme', type: 'workspace' },
          links: { html: { href: 'https://bitbucket.org/acme/demo' } },
          is_private: true,
        },
      },
    ]);
    const repo = await client.getRepository(REPO);
    expect(script.lines()).toEqual([`GET ${REPO_PATH}`]);
    expect(script.requests[0]?.headers).toMatchObject({ Accept: 'application/json' });
    expect(repo).toEqual({
      uuid: REPO.repositoryUuid,
      slug: 'demo',
      fullName: 'acme/demo',
      mainBranch: 'trunk',
      workspace: { uuid: REPO.workspaceUuid, slug: 'acme' },
      htmlUrl: 'https://bitbucket.org/acme/demo',
    });
  });

  it('gives null as the main branch of an empty repository', async () => {
    const { client } = setup([
      { status: 200, body: { uuid: '{r}', full_name: 'acme/empty', workspace: { uuid: '{w}', slug: 'acme' } } },
    ]);
    const repo = await client.getRepository(REPO);
    expect(repo.mainBranch).toBeNull();
    expect(repo.slug).toBe('empty');
  });

  it('reports an answer in an unexpected shape as a BitbucketError, not a crash', async () => {
    const { client } = setup([{ status: 200, body: { hello: 'world' } }]);
    const error = await client.getRepository(REPO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BitbucketError);
    expect((error as BitbucketError).code).toBe('bitbucket-unavailable');
    expect((error as BitbucketError).message).toContain('Could not read the repository');
  });

  it('reports a body that is not JSON as a BitbucketError', async () => {
    const { client } = setup([{ status: 200, body: '<html>oops</html>' }]);
    await expect(client.getRepository(REPO)).rejects.toMatchObject({ code: 'bitbucket-unavailable', bitbucketDetail: 'not JSON' });
  });
});

describe('getBranch', () => {
  it('encodes a branch name with "/" as one segment and returns the tip', async () => {
    const { client, script } = setup([{ status: 200, body: { name: 'feature/oidc', target: { hash: HASH_A } } }]);
    const tip = await client.getBranch(REPO, 'feature/oidc');
    expect(script.lines()).toEqual([`GET ${REPO_PATH}/refs/branches/feature%2Foidc`]);
    expect(tip).toEqual({ name: 'feature/oidc', commit: HASH_A });
  });

  it('returns null when the branch does not exist', async () => {
    const { client } = setup([{ status: 404, body: { type: 'error', error: { message: 'Branch not found' } } }]);
    expect(await client.getBranch(REPO, 'missing')).toBeNull();
  });
});

describe('getCommit', () => {
  it('returns hash, message, author and parents; null when absent', async () => {
    const { client, script } = setup([
      {
        status: 200,
        body: {
          hash: HASH_B,
          message: 'Add Chainguard OIDC\n',
          author: { raw: 'Chainguard OIDC app <noreply@example.com>', user: { uuid: '{u}' } },
          parents: [{ hash: HASH_A }],
        },
      },
      { status: 404 },
    ]);
    expect(await client.getCommit(REPO, HASH_B)).toEqual({
      hash: HASH_B,
      message: 'Add Chainguard OIDC\n',
      authorRaw: 'Chainguard OIDC app <noreply@example.com>',
      authorUuid: '{u}',
      parents: [HASH_A],
    });
    expect(await client.getCommit(REPO, HASH_A)).toBeNull();
    expect(script.lines()[0]).toBe(`GET ${REPO_PATH}/commit/${HASH_B}`);
  });
});

describe('readFile', () => {
  it('returns the exact text: BOM, CRLF and non-ASCII kept', async () => {
    const text = '\uFEFFpipelines:\r\n  default:\r\n    - step: { name: "Grüße 🚀" }\r\n';
    const { client, script } = setup([{ status: 200, headers: { 'Content-Type': 'text/plain' }, body: new TextEncoder().encode(text) }]);
    const content = await client.readFile(REPO, HASH_A, 'bitbucket-pipelines.yml');
    expect(content).toBe(text);
    expect(content?.charCodeAt(0)).toBe(0xfeff);
    expect(script.lines()).toEqual([`GET ${REPO_PATH}/src/${HASH_A}/bitbucket-pipelines.yml`]);
  });

  it('keeps "/" between the segments of a nested path and encodes each segment', async () => {
    const { client, script } = setup([{ status: 200, body: 'x' }]);
    await client.readFile(REPO, HASH_A, '/ci/my dir/a#b.yml');
    expect(script.lines()).toEqual([`GET ${REPO_PATH}/src/${HASH_A}/ci/my%20dir/a%23b.yml`]);
  });

  it('returns null when the file is absent', async () => {
    const { client } = setup([{ status: 404, body: { type: 'error', error: { message: 'No such file or directory' } } }]);
    expect(await client.readFile(REPO, HASH_A, 'bitbucket-pipelines.yml')).toBeNull();
  });

  it('refuses bytes that are not UTF-8 instead of corrupting them', async () => {
    const { client } = setup([{ status: 200, body: new Uint8Array([0x70, 0xff, 0xfe, 0x0a]) }]);
    const error = await client.readFile(REPO, HASH_A, 'bitbucket-pipelines.yml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UndecodableFileError);
    expect((error as UndecodableFileError).code).toBe('invalid-pipeline');
    expect((error as Error).message).toContain('not UTF-8');
  });
});

describe('commitFile', () => {
  const location = `https://api.bitbucket.org/2.0/repositories/acme/demo/commit/${HASH_B}`;

  it('posts an exactly url-encoded form with the file content byte for byte', async () => {
    const content = '\uFEFFa: "1&2=3+4%"\r\nb: Grüße 🚀\r\n';
    const { client, script } = setup([{ status: 201, headers: { Location: location } }]);
    const result = await client.commitFile(REPO, {
      branch: 'chainguard-oidc-setup',
      parent: HASH_A,
      path: 'bitbucket-pipelines.yml',
      content,
      message: 'Add Chainguard OIDC login',
      author: 'Chainguard OIDC <noreply@example.com>',
    });
    expect(result).toEqual({ commit: HASH_B });
    const request = script.requests[0];
    expect(script.lines()).toEqual([`POST ${REPO_PATH}/src`]);
    expect(request?.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe(
      [
        `${encodeURIComponent('/bitbucket-pipelines.yml')}=${encodeURIComponent(content)}`,
        `message=${encodeURIComponent('Add Chainguard OIDC login')}`,
        'branch=chainguard-oidc-setup',
        `parents=${HASH_A}`,
        `author=${encodeURIComponent('Chainguard OIDC <noreply@example.com>')}`,
      ].join('&'),
    );
    // What a form decoder (like Bitbucket's) reads back is the exact content.
    const decoded = new URLSearchParams(request?.body ?? '');
    expect(decoded.get('/bitbucket-pipelines.yml')).toBe(content);
    expect(Buffer.from(decoded.get('/bitbucket-pipelines.yml') ?? '', 'utf8')).toEqual(Buffer.from(content, 'utf8'));
    expect(request?.body).not.toMatch(/[ +\r\n]/);
  });

  it('falls back to the branch tip when Bitbucket sends no Location', async () => {
    const { client, script } = setup([
      { status: 201 },
      { status: 200, body: { name: 'chainguard-oidc-setup', target: { hash: HASH_B } } },
    ]);
    const result = await client.commitFile(REPO, {
      branch: 'chainguard-oidc-setup',
      parent: HASH_A,
      path: 'bitbucket-pipelines.yml',
      content: 'x',
      message: 'm',
    });
    expect(result.commit).toBe(HASH_B);
    expect(script.lines()[1]).toBe(`GET ${REPO_PATH}/refs/branches/chainguard-oidc-setup`);
  });

  it('maps a moved branch (409) to conflict with a hint to reload', async () => {
    const { client } = setup([{ status: 409, body: { type: 'error', error: { message: 'Conflict', detail: 'parents is not the tip' } } }]);
    const error = (await client
      .commitFile(REPO, { branch: 'b', parent: HASH_A, path: 'bitbucket-pipelines.yml', content: 'x', message: 'm' })
      .catch((e: unknown) => e)) as BitbucketError;
    expect(error.code).toBe('conflict');
    expect(error.bitbucketDetail).toBe('parents is not the tip');
    expect(error.hint).toContain('Reload');
  });
});

describe('commitHashFromLocation', () => {
  it('takes the hash from absolute and relative Location values', () => {
    expect(commitHashFromLocation(`https://api.bitbucket.org/2.0/repositories/a/b/commit/${HASH_A}`)).toBe(HASH_A);
    expect(commitHashFromLocation(`/2.0/repositories/a/b/commit/${HASH_B.toUpperCase()}`)).toBe(HASH_B);
  });
  it('ignores anything that is not a commit link', () => {
    expect(commitHashFromLocation(null)).toBeNull();
    expect(commitHashFromLocation('https://api.bitbucket.org/2.0/repositories/a/b/src')).toBeNull();
    expect(commitHashFromLocation(`https://x/commit/${HASH_A}/../evil`)).toBeNull();
  });
});

describe('getPipelinesConfig', () => {
  it('returns the enabled flag', async () => {
    const { client, script } = setup([{ status: 200, body: { type: 'repository_pipelines_configuration', enabled: true } }]);
    expect(await client.getPipelinesConfig(REPO)).toEqual({ enabled: true });
    expect(script.lines()).toEqual([`GET ${REPO_PATH}/pipelines_config`]);
  });
});

describe('listEnvironments (pagination)', () => {
  const env = (n: number) => ({ uuid: `{e${n}}`, name: `env ${n}`, environment_type: { name: 'Production', rank: 2 } });

  it('follows next, reusing only its query (the path stays ours)', async () => {
    const { client, script } = setup([
      { status: 200, body: { values: [env(1)], next: 'https://evil.example/2.0/somewhere/else?page=2&pagelen=100' } },
      { status: 200, body: { values: [env(2)] } },
    ]);
    const envs = await client.listEnvironments(REPO);
    expect(envs).toEqual([
      { uuid: '{e1}', name: 'env 1', environmentType: 'Production' },
      { uuid: '{e2}', name: 'env 2', environmentType: 'Production' },
    ]);
    expect(script.lines()).toEqual([
      `GET ${REPO_PATH}/environments?pagelen=100`,
      `GET ${REPO_PATH}/environments?page=2&pagelen=100`,
    ]);
  });

  it('stops after maxPages even if next never ends', async () => {
    let page = 0;
    const { transport, requests } = recordingTransport(() => {
      page += 1;
      return { status: 200, body: { values: [env(page)], next: `https://api.bitbucket.org/x?page=${page + 1}` } };
    });
    const client = createBitbucketClient({ transport, clock: fakeClock(), random: () => 0, maxPages: 3 });
    expect(await client.listEnvironments(REPO)).toHaveLength(3);
    expect(requests).toHaveLength(3);
  });

  it('stops when next repeats itself', async () => {
    const { transport, requests } = recordingTransport(() => ({
      status: 200,
      body: { values: [env(1)], next: 'https://api.bitbucket.org/x?page=2' },
    }));
    const client = createBitbucketClient({ transport, clock: fakeClock(), random: () => 0 });
    await client.listEnvironments(REPO);
    expect(requests).toHaveLength(2);
  });
});

describe('findOpenPullRequests', () => {
  it('filters by source branch and OPEN state in BBQL', async () => {
    const { client, script } = setup([{ status: 200, body: { values: [PR_JSON] } }]);
    const prs = await client.findOpenPullRequests(REPO, 'chainguard-oidc-setup');
    expect(script.requests[0]?.query).toEqual([
      ['q', 'source.branch.name = "chainguard-oidc-setup" AND state = "OPEN"'],
      ['pagelen', '50'],
    ]);
    expect(prs).toEqual([
      {
        id: 7,
        title: 'Set up Chainguard OIDC',
        url: 'https://bitbucket.org/acme/demo/pull-requests/7',
        sourceBranch: 'chainguard-oidc-setup',
        sourceCommit: 'abc123def456',
        state: 'OPEN',
      },
    ]);
  });

  it('leaves out a pull request from a fork whose branch has the same name', async () => {
    const fromFork = { ...PR_JSON, id: 8, source: { ...PR_JSON.source, repository: { uuid: '{99999999-8888-4777-8666-555555555555}' } } };
    const fromHere = { ...PR_JSON, id: 9, source: { ...PR_JSON.source, repository: { uuid: REPO.repositoryUuid.toUpperCase() } } };
    const { client } = setup([{ status: 200, body: { values: [fromFork, fromHere] } }]);
    const prs = await client.findOpenPullRequests(REPO, 'chainguard-oidc-setup');
    expect(prs.map((pr) => pr.id)).toEqual([9]);
  });

  it('escapes quotes and backslashes so the name cannot add conditions', async () => {
    const { client, script } = setup([{ status: 200, body: { values: [] } }]);
    await client.findOpenPullRequests(REPO, 'x" OR state = "MERGED\\');
    expect(script.requests[0]?.query[0]?.[1]).toBe('source.branch.name = "x\\" OR state = \\"MERGED\\\\" AND state = "OPEN"');
  });
});

describe('createPullRequest', () => {
  it('posts the JSON body and maps the answer', async () => {
    const { client, script } = setup([{ status: 201, body: PR_JSON }]);
    const pr = await client.createPullRequest(REPO, {
      title: 'Set up Chainguard OIDC',
      description: 'Adds `oidc: true`',
      sourceBranch: 'chainguard-oidc-setup',
      destinationBranch: 'main',
      closeSourceBranch: true,
    });
    expect(pr.id).toBe(7);
    expect(script.lines()).toEqual([`POST ${REPO_PATH}/pullrequests`]);
    expect(script.requests[0]?.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(script.requests[0]?.body ?? '')).toEqual({
      type: 'pullrequest',
      title: 'Set up Chainguard OIDC',
      description: 'Adds `oidc: true`',
      source: { branch: { name: 'chainguard-oidc-setup' } },
      destination: { branch: { name: 'main' } },
      close_source_branch: true,
    });
  });
});

describe('repository variables', () => {
  const variable = { type: 'pipeline_variable', uuid: '{v1}', key: 'CHAINGUARD_IDENTITY', value: 'abc/def', secured: false };

  it('lists all pages', async () => {
    const { client, script } = setup([
      { status: 200, body: { values: [variable], next: 'https://api.bitbucket.org/2.0/x?page=2' } },
      { status: 200, body: { values: [{ uuid: '{v2}', key: 'TOKEN', secured: true }] } },
    ]);
    expect(await client.listVariables(REPO)).toEqual([
      { uuid: '{v1}', key: 'CHAINGUARD_IDENTITY', value: 'abc/def', secured: false },
      { uuid: '{v2}', key: 'TOKEN', value: '', secured: true },
    ]);
    expect(script.lines()[0]).toBe(`GET ${REPO_PATH}/pipelines_config/variables?pagelen=100`);
  });

  it('creates with POST {key, value, secured}', async () => {
    const { client, script } = setup([{ status: 201, body: variable }]);
    const created = await client.createVariable(REPO, { key: 'CHAINGUARD_IDENTITY', value: 'abc/def', secured: false });
    expect(created.uuid).toBe('{v1}');
    expect(JSON.parse(script.requests[0]?.body ?? '')).toEqual({
      type: 'pipeline_variable',
      key: 'CHAINGUARD_IDENTITY',
      value: 'abc/def',
      secured: false,
    });
  });

  it('updates with PUT on the braced variable UUID', async () => {
    const { client, script } = setup([{ status: 200, body: variable }]);
    await client.updateVariable(REPO, '{v1}', { key: 'CHAINGUARD_IDENTITY', value: 'abc/def', secured: false });
    expect(script.lines()).toEqual([`PUT ${REPO_PATH}/pipelines_config/variables/%7Bv1%7D`]);
    expect(JSON.parse(script.requests[0]?.body ?? '')).toMatchObject({ uuid: '{v1}', key: 'CHAINGUARD_IDENTITY', value: 'abc/def' });
  });
});
