// The preview's plumbing, with a small resolver written against the real
// @forge/resolver, @forge/api and @forge/kvs (the app's own handler is covered
// by test/browser). Everything runs on loopback.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { startPreview, type Preview } from '../../preview/preview-server';
import type { ResolverHandler } from '../../preview/forge-runtime/invoke-handler';
import { DEMO_REPOSITORY_UUID, DEMO_WORKSPACE_UUID } from '../../preview/simulator';

interface Ctx {
  workspaceId: string;
  accountId: string;
  extension: { type: string; repository: { uuid: string } };
}

function testHandler(): ResolverHandler {
  const resolver = new Resolver();
  resolver.define('repo', async ({ context }) => {
    const ctx = context as unknown as Ctx;
    const response = await api.asApp().requestBitbucket(route`/2.0/repositories/${ctx.workspaceId}/${ctx.extension.repository.uuid}`);
    const body = (await response.json()) as { slug: string };
    return { status: response.status, slug: body.slug, accountId: ctx.accountId, module: ctx.extension.type };
  });
  resolver.define('remember', async ({ payload }) => {
    await kvs.set('note', payload);
    return 'saved';
  });
  resolver.define('recall', async () => (await kvs.get('note')) ?? null);
  resolver.define('boom', async () => {
    throw new Error('kaput');
  });
  return resolver.getDefinitions() as unknown as ResolverHandler;
}

function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("built app");\n');
  return dist;
}

async function invoke(preview: Preview, functionKey: string, payload?: unknown): Promise<{ status: number; body: { result?: unknown; error?: string } }> {
  const response = await fetch(new URL('/__preview/invoke', preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionKey, payload }),
  });
  return { status: response.status, body: (await response.json()) as { result?: unknown; error?: string } };
}

describe('startPreview', () => {
  let preview: Preview;
  const storageFile = join(mkdtempSync(join(tmpdir(), 'preview-data-')), 'kvs.json');
  const distDir = fakeDist();

  beforeAll(async () => {
    preview = await startPreview({ port: 0, handler: testHandler(), distDir, storageFile });
  });
  afterAll(() => preview.close());

  it('prints where things are: the page and the simulated repository API on the same origin', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(preview.apiUrl).toBe(`${preview.url}2.0/repositories/acme/web-app`);
    expect(preview.context.workspaceId).toBe(DEMO_WORKSPACE_UUID);
    expect(preview.context.extension.repository.uuid).toBe(DEMO_REPOSITORY_UUID);
  });

  it('serves the build with the host script added and assets untouched', async () => {
    const html = await (await fetch(preview.url)).text();
    expect(html).toContain('<head><script src="/__preview/host.js"></script><script type="module" src="./assets/app.js">');
    const asset = await fetch(new URL('/assets/app.js', preview.url));
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(await asset.text()).toBe('console.log("built app");\n');
    expect((await fetch(new URL('/assets/missing.js', preview.url))).status).toBe(404);
    const host = await (await fetch(new URL('/__preview/host.js', preview.url))).text();
    expect(host).toContain(DEMO_REPOSITORY_UUID);
  });

  it('runs the handler with the Forge context, and its requestBitbucket reaches the simulator', async () => {
    const before = preview.bitbucketRequests.length;
    const { status, body } = await invoke(preview, 'repo');
    expect(status).toBe(200);
    expect(body.result).toEqual({ status: 200, slug: 'web-app', accountId: preview.context.accountId, module: 'bitbucket:repoSettingsMenuPage' });
    expect(preview.bitbucketRequests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /2.0/repositories/${DEMO_WORKSPACE_UUID}/${DEMO_REPOSITORY_UUID}`,
    ]);
  });

  it('rejects the invoke when the function throws, and explains a malformed call', async () => {
    const thrown = await invoke(preview, 'boom');
    expect(thrown.status).toBe(500);
    expect(thrown.body.error).toContain('kaput');
    const malformed = await fetch(new URL('/__preview/invoke', preview.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'nope',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/functionKey/);
  });

  it('refuses invoke from other web pages (form posts, foreign origins, rebound host names)', async () => {
    const target = new URL('/__preview/invoke', preview.url);
    const body = JSON.stringify({ functionKey: 'repo' });
    const formPost = await fetch(target, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(formPost.status).toBe(403);
    const foreign = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toContain('https://evil.example');
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(target, { method: 'POST', headers: { 'content-type': 'application/json', host: `evil.example:${target.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(rebound).toBe(403);
    const own = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.origin }, body });
    expect(own.status).toBe(200);
  });

  it('keeps storage across a restart when given a file', async () => {
    expect((await invoke(preview, 'remember', { organization: 'example.com' })).body.result).toBe('saved');
    const second = await startPreview({ port: 0, handler: testHandler(), distDir, storageFile });
    try {
      expect((await invoke(second, 'recall')).body.result).toEqual({ organization: 'example.com' });
    } finally {
      await second.close();
    }
  });

  it('lets anyone seed files through /2.0/.../src, and lists pull requests with their diff', async () => {
    const form = new URLSearchParams({ '/notes.txt': 'hello\n', message: 'seed', branch: 'feature-x' });
    const commit = await fetch(`${preview.apiUrl}/src`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(commit.status).toBe(201);
    // Links in the simulator's answers point at the preview's origin, like the URL that was asked.
    const repo = (await (await fetch(preview.apiUrl)).json()) as { links: { self: { href: string } } };
    expect(repo.links.self.href).toBe(preview.apiUrl);
    const file = await fetch(`${preview.apiUrl}/src/feature-x/notes.txt`);
    expect(await file.text()).toBe('hello\n');
    const pr = await fetch(`${preview.apiUrl}/pullrequests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Add <notes>', source: { branch: { name: 'feature-x' } } }),
    });
    expect(pr.status).toBe(201);
    const page = await (await fetch(new URL('/__preview/pull-requests', preview.url))).text();
    expect(page).toContain('Add &#60;notes&#62;');
    expect(page).toContain('notes.txt <small>(added)</small>');
    expect(page).toContain('<span class="added">+ hello</span>');
  });

  it('answers the browser\'s favicon request with an empty 204, not a 404 in the console', async () => {
    const answer = await fetch(new URL('/favicon.ico', preview.url));
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
  });

  it('shows the pull requests page in the theme the settings page asked for, and only a known one', async () => {
    const pageFor = async (query: string) => (await fetch(new URL(`/__preview/pull-requests${query}`, preview.url))).text();
    const dark = await pageFor('?theme=dark');
    expect(dark).toContain('<html lang="en" data-theme="dark">');
    expect(dark).toContain('<a href="/?theme=dark">');
    const odd = await pageFor('?theme=%22%3E%3Cscript%3E');
    expect(odd).toContain('<html lang="en">');
    expect(odd).not.toContain('<script>');
    expect(await pageFor('')).toContain('<a href="/">');
  });
});

describe('startPreview against the real Bitbucket (fake fetch, no network)', () => {
  const REAL_REPO = {
    slug: 'service',
    uuid: '{12345678-1234-4234-8234-123456789abc}',
    workspace: { slug: 'team', uuid: '{87654321-4321-4321-8321-cba987654321}' },
  };

  it('reads the repository with the token, routes the handler there, and relays nothing itself', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      if (!url.startsWith('https://api.bitbucket.org/2.0/repositories/')) return new Response('unexpected', { status: 500 });
      return new Response(JSON.stringify(REAL_REPO), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const preview = await startPreview({
      port: 0,
      handler: testHandler(),
      distDir: fakeDist(),
      real: { token: 'repo-token', repo: 'team/service', fetchImpl: fakeFetch },
    });
    try {
      expect(preview.simulator).toBeNull();
      expect(preview.apiUrl).toBe('https://api.bitbucket.org/2.0/repositories/team/service');
      expect(preview.context.workspaceId).toBe(REAL_REPO.workspace.uuid);
      expect(preview.context.extension.repository.uuid).toBe(REAL_REPO.uuid);

      const { body } = await invoke(preview, 'repo');
      expect(body.result).toMatchObject({ status: 200, slug: 'service' });
      expect(seen).toEqual([
        { url: 'https://api.bitbucket.org/2.0/repositories/team/service', auth: 'Bearer repo-token' },
        { url: `https://api.bitbucket.org/2.0/repositories/${REAL_REPO.workspace.uuid}/${REAL_REPO.uuid}`, auth: 'Bearer repo-token' },
      ]);
      // The token never leaves through the preview's own port.
      expect((await fetch(new URL('/2.0/repositories/team/service', preview.url))).status).toBe(404);
      expect((await fetch(new URL('/__preview/pull-requests', preview.url))).status).toBe(404);
    } finally {
      await preview.close();
    }
  });
});

describe('startPreview with the app\'s own handler (src/index.ts, bundled as Forge runs it)', () => {
  it('answers loadPage with the demo repository read from the simulator', async () => {
    const preview = await startPreview({ port: 0, distDir: fakeDist() });
    try {
      const { status, body } = await invoke(preview, 'loadPage', {});
      expect(status).toBe(200);
      const result = body.result as { ok: boolean; data: { setup: { facts: { repository: { uuid: string; mainBranch: string } }; pipelineFile: string } } };
      expect(result.ok).toBe(true);
      expect(result.data.setup.facts.repository).toMatchObject({ uuid: DEMO_REPOSITORY_UUID, mainBranch: 'main' });
      expect(result.data.setup.pipelineFile).toContain('# Build and deploy web-app.');
      expect(preview.bitbucketRequests.length).toBeGreaterThan(0);
    } finally {
      await preview.close();
    }
  }, 60_000);
});

describe('the preview fails as Forge does, and refuses what it should', () => {
  it("a lost connection reaches the handler as @forge/api's FetchError (FUNCTION_FETCH_ERR), not undici's TypeError", async () => {
    const resolver = new Resolver();
    resolver.define('lost', async ({ context }) => {
      const ctx = context as unknown as Ctx;
      try {
        await api.asApp().requestBitbucket(route`/2.0/repositories/${ctx.workspaceId}/${ctx.extension.repository.uuid}`);
        return 'answered';
      } catch (error) {
        return { name: (error as Error).name, isTypeError: error instanceof TypeError };
      }
    });
    const preview = await startPreview({ port: 0, handler: resolver.getDefinitions() as unknown as ResolverHandler, distDir: fakeDist() });
    try {
      preview.simulator!.faults.drop('GET', /\/repositories\//, 1);
      expect((await invoke(preview, 'lost')).body.result).toEqual({ name: 'FUNCTION_FETCH_ERR', isTypeError: false });
      preview.simulator!.faults.add({ method: 'GET', path: /\/repositories\//, action: { kind: 'drop-after' } });
      expect((await invoke(preview, 'lost')).body.result).toEqual({ name: 'FUNCTION_FETCH_ERR', isTypeError: false });
    } finally {
      await preview.close();
    }
  });

  it("so the app's recovery runs: a pull request whose answer was lost is looked up, not reported as a bug", async () => {
    const preview = await startPreview({ port: 0, distDir: fakeDist() });
    try {
      await invoke(preview, 'loadPage', {});
      preview.simulator!.faults.add({ method: 'POST', path: /\/pullrequests$/, action: { kind: 'drop-after' } });
      const { body } = await invoke(preview, 'openPullRequest', { choices: { organization: 'example.com' } });
      expect(body.result).toMatchObject({ ok: true, data: { outcome: 'created', pullRequest: { id: 1 } } });
      expect((body.result as { data: { message: string } }).data.message).toMatch(/looked it up/);
    } finally {
      await preview.close();
    }
  }, 60_000);

  it('answers a body over the limit with 413, on the preview and on the simulator', async () => {
    const preview = await startPreview({ port: 0, handler: testHandler(), distDir: fakeDist() });
    try {
      const huge = 'x'.repeat(6_000_000);
      const invokeAnswer = await fetch(new URL('/__preview/invoke', preview.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
      expect(invokeAnswer.status).toBe(413);
      expect(((await invokeAnswer.json()) as { error: string }).error).toMatch(/at most 5,000,000 bytes/);
      const simulated = await fetch(`${preview.simulator!.url}/2.0/repositories/acme/web-app/src`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: huge });
      expect(simulated.status).toBe(413);
      const proxied = await fetch(new URL('/2.0/repositories/acme/web-app/src', preview.url), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: huge });
      expect(proxied.status).toBe(413);
    } finally {
      await preview.close();
    }
  });

  it('refuses /2.0 writes from other web pages (a form post to /src must not commit), on the preview and the simulator', async () => {
    const preview = await startPreview({ port: 0, handler: testHandler(), distDir: fakeDist() });
    try {
      const repo = preview.simulator!.state.repositories[0]!;
      const before = repo.commits.size;
      const form = new URLSearchParams({ 'bitbucket-pipelines.yml': 'pwned: true', message: 'x', branch: 'main' });
      const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' };
      for (const base of [preview.url, `${preview.simulator!.url}/`]) {
        const answer = await fetch(new URL('2.0/repositories/acme/web-app/src', base), { method: 'POST', headers, body: form });
        expect(answer.status).toBe(403);
        expect(await answer.text()).toContain('https://evil.example');
      }
      expect(repo.commits.size).toBe(before);
      // The preview's own page, and callers that send no Origin (the app's handler, tests), still write.
      const own = await fetch(new URL('2.0/repositories/acme/web-app/src', preview.url), { method: 'POST', headers: { ...headers, origin: new URL(preview.url).origin }, body: form });
      expect(own.status).toBe(201);
      expect(repo.commits.size).toBe(before + 1);
    } finally {
      await preview.close();
    }
  });
});
