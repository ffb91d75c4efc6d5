import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBitbucketClient } from '../../src/bitbucket/client';
import { createFetchTransport } from '../../src/bitbucket/fetch-transport';
import { TransportNetworkError, type BitbucketRequest } from '../../src/bitbucket/transport';
import { REPO, fakeClock } from './fakes';

const REQUEST: BitbucketRequest = {
  method: 'POST',
  pathTemplate: '/repositories/{workspace}/{repo_slug}/src',
  literals: ['/2.0/repositories/', '/', '/src'],
  values: ['%7Bw%7D', '%7Br%7D'],
  query: [['q', 'name = "a b"']],
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'message=hi',
};

function fakeFetch(answer: () => Promise<Response> | Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    return answer();
  }) as typeof fetch;
  return { fn, calls };
}

describe('createFetchTransport', () => {
  it('sends to base URL + encoded path + query, with the bearer token, method, headers and body', async () => {
    const { fn, calls } = fakeFetch(() => new Response('{"ok":true}', { status: 201, headers: { Location: '/x' } }));
    const transport = createFetchTransport({ baseUrl: 'http://127.0.0.1:4010', token: 's3cret', fetch: fn });
    const response = await transport(REQUEST);
    expect(calls[0]?.url).toBe('http://127.0.0.1:4010/2.0/repositories/%7Bw%7D/%7Br%7D/src?q=name%20%3D%20%22a%20b%22');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('message=hi');
    expect(calls[0]?.init?.headers).toEqual({
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'Bearer s3cret',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/x');
    expect(new TextDecoder().decode(response.body)).toBe('{"ok":true}');
  });

  it('defaults to https://api.bitbucket.org and sends no Authorization without a token', async () => {
    const { fn, calls } = fakeFetch(() => new Response('', { status: 200 }));
    await createFetchTransport({ fetch: fn })({ ...REQUEST, method: 'GET', query: [], headers: {}, body: undefined });
    expect(calls[0]?.url).toBe('https://api.bitbucket.org/2.0/repositories/%7Bw%7D/%7Br%7D/src');
    expect(calls[0]?.init?.headers).toEqual({});
    expect(calls[0]?.init).not.toHaveProperty('body');
  });

  it.each(['api.bitbucket.org', 'https://api.bitbucket.org/2.0', 'ftp://x', 'https://x/?a=1'])('refuses the base URL %s', (baseUrl) => {
    expect(() => createFetchTransport({ baseUrl })).toThrow(/base URL/);
  });

  it('turns a fetch failure into TransportNetworkError', async () => {
    const { fn } = fakeFetch(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })));
    const error = await createFetchTransport({ fetch: fn })(REQUEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportNetworkError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('createFetchTransport timeouts', () => {
  it('passes the signal to fetch and reports an abort as no answer in time', async () => {
    const controller = new AbortController();
    const { fn, calls } = fakeFetch(() => {
      controller.abort();
      return Promise.reject(new DOMException('This operation was aborted', 'AbortError'));
    });
    const error = await createFetchTransport({ fetch: fn })(REQUEST, { signal: controller.signal }).catch((e: unknown) => e);
    expect(calls[0]?.init?.signal).toBe(controller.signal);
    expect(error).toBeInstanceOf(TransportNetworkError);
    expect((error as Error).message).toContain('no answer in time');
  });
});

describe('createFetchTransport over a real loopback socket', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('a connection dropped mid-body is a network error, retried by the client for reads', async () => {
    let hits = 0;
    server = createServer((req, res) => {
      hits += 1;
      if (hits === 1) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
        res.write('{"uuid":');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      const body = JSON.stringify({
        uuid: REPO.repositoryUuid,
        slug: 'demo',
        full_name: 'acme/demo',
        mainbranch: { name: 'main' },
        workspace: { uuid: REPO.workspaceUuid, slug: 'acme' },
        path: req.url,
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const client = createBitbucketClient({
      transport: createFetchTransport({ baseUrl: `http://127.0.0.1:${port}` }),
      clock: fakeClock(),
      random: () => 0,
    });
    const repo = await client.getRepository(REPO);
    expect(repo.fullName).toBe('acme/demo');
    expect(hits).toBe(2);
  });
});
