// The real @forge/api and @forge/kvs, routed by the preview's __forge_fetch__.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import api, { route } from '@forge/api';
import { kvs, WhereConditions } from '@forge/kvs';
import { installForgeFetch, runWithBackends, type ForgeBackends } from '../../preview/forge-runtime/forge-fetch';
import { createBitbucketForwarder, type ForwardedRequest } from '../../preview/forge-runtime/bitbucket-forwarder';
import { createFileStore, createMemoryStore } from '../../preview/forge-runtime/key-value-store';
import { answerKvsCall } from '../../preview/forge-runtime/kvs-api';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

const seen: Seen[] = [];
let baseUrl = '';
const server = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
    res.writeHead(req.url?.includes('missing') ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ echoed: req.url }));
  });
});

beforeAll(async () => {
  installForgeFetch();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function backends(token?: string, records: ForwardedRequest[] = []): ForgeBackends {
  const store = createMemoryStore();
  const forward = createBitbucketForwarder({ baseUrl, token, onRequest: (r) => records.push(r) });
  return { bitbucket: forward, kvs: (path, init) => answerKvsCall(store, path, init) };
}

describe('requestBitbucket through the preview', () => {
  it('reaches the configured Bitbucket with the path the real route() built', async () => {
    seen.length = 0;
    const records: ForwardedRequest[] = [];
    const response = await runWithBackends(backends('tok-1', records), () =>
      api.asApp().requestBitbucket(route`/2.0/repositories/${'{ws-uuid}'}/${'{repo-uuid}'}/src/${'main'}/${'a b.yml'}?q=${'x&y'}`),
    );
    expect(response.status).toBe(200);
    const last = seen[seen.length - 1];
    // route() leaves path values raw and encodes query values; fetch percent-encodes braces and spaces.
    expect(last?.url).toBe('/2.0/repositories/%7Bws-uuid%7D/%7Brepo-uuid%7D/src/main/a%20b.yml?q=x%26y');
    expect(last?.authorization).toBe('Bearer tok-1');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: 'GET', status: 200, principal: 'app' });
  });

  it('passes method and body through, and does not throw on a 404 (as on Forge)', async () => {
    const response = await runWithBackends(backends(), () =>
      api.asUser().requestBitbucket(route`/2.0/repositories/w/missing/src`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'message=hi',
      }),
    );
    expect(response.status).toBe(404);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ method: 'POST', body: 'message=hi', authorization: undefined });
  });

  it('still refuses path manipulation, because the real route() runs', () => {
    expect(() => route`/2.0/repositories/${'../etc'}`).toThrow(/path manipulation/);
  });

  it('explains a platform call made outside an invocation', async () => {
    await expect(api.asApp().requestBitbucket(route`/2.0/user`)).rejects.toThrow(/outside a preview invocation/);
  });
});

describe('@forge/kvs through the preview', () => {
  it('sets, gets, queries by prefix and deletes', async () => {
    const b = backends();
    await runWithBackends(b, async () => {
      expect(await kvs.get('repo:a:settings')).toBeUndefined();
      await kvs.set('repo:a:settings', { organization: 'example.com' });
      await kvs.set('repo:b:settings', { organization: 'other.dev' });
      await kvs.set('zzz', 1);
      expect(await kvs.get('repo:a:settings')).toEqual({ organization: 'example.com' });
      const page = await kvs.query().where('key', WhereConditions.beginsWith('repo:')).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['repo:a:settings', 'repo:b:settings']);
      await kvs.delete('repo:a:settings');
      expect(await kvs.get('repo:a:settings')).toBeUndefined();
      await kvs.setSecret('repo:b:settings', 'secret');
      expect(await kvs.get('repo:b:settings')).toEqual({ organization: 'other.dev' });
      expect(await kvs.getSecret('repo:b:settings')).toBe('secret');
    });
  });

  it('refuses keys the real Forge storage refuses, such as braced UUIDs', async () => {
    await expect(runWithBackends(backends(), () => kvs.set('repo:{abc}:settings', 1))).rejects.toThrow(/strip "\{\}"/);
  });

  it('keeps values in a JSON file across store instances', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kvs-')), 'nested', 'kvs.json');
    const first = createFileStore(file);
    await runWithBackends({ bitbucket: () => Promise.reject(new Error('unused')), kvs: (p, i) => answerKvsCall(first, p, i) }, () =>
      kvs.set('choices', { organization: 'example.com' }),
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ value: { choices: { value: { organization: 'example.com' } } } });
    const second = createFileStore(file);
    const value = await runWithBackends({ bitbucket: () => Promise.reject(new Error('unused')), kvs: (p, i) => answerKvsCall(second, p, i) }, () =>
      kvs.get('choices'),
    );
    expect(value).toEqual({ organization: 'example.com' });
  });
});
