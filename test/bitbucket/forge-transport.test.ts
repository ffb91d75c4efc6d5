import { FetchError, NeedsAuthenticationError, ProxyRequestError, type Route } from '@forge/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBitbucketClient } from '../../src/bitbucket/client';
import { buildPath } from '../../src/bitbucket/encoding';
import { TransportNetworkError, encodedPath, encodedQuery, type BitbucketRequest } from '../../src/bitbucket/transport';
import { createForgeTransport, forgeRoute, type RequestBitbucket } from '../../src/forge/bitbucket-transport';
import { REPO, REPO_PATH, fakeClock } from './fakes';

function request(overrides: Partial<BitbucketRequest> = {}): BitbucketRequest {
  return {
    method: 'GET',
    pathTemplate: '/repositories/{workspace}/{repo_slug}/pullrequests',
    ...buildPath('/repositories/{workspace}/{repo_slug}/pullrequests', { workspace: '{w}', repo_slug: '{r}' }),
    query: [],
    headers: { Accept: 'application/json' },
    ...overrides,
  };
}

function fakeRequestBitbucket(answer: () => Promise<Awaited<ReturnType<RequestBitbucket>>>) {
  const calls: { route: Route; init: Parameters<RequestBitbucket>[1] }[] = [];
  const fn: RequestBitbucket = async (route, init) => {
    calls.push({ route, init });
    return answer();
  };
  return { fn, calls };
}

const okResponse = (text: string, status = 200, headers: Record<string, string> = {}) =>
  Promise.resolve({
    status,
    headers: new Headers(headers),
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
  });

describe('forgeRoute', () => {
  it('builds the same path and query as the fetch transport, through route', () => {
    const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((v) => !v.includes('..') && v !== '.');
    fc.assert(
      fc.property(value, value, fc.array(fc.tuple(fc.constantFrom('q', 'pagelen', 'page'), fc.string({ maxLength: 20 })), { maxLength: 3 }), (branch, file, query) => {
        const built = buildPath('/repositories/{workspace}/{repo_slug}/src/{commit}/{path}', {
          workspace: '{w}',
          repo_slug: branch,
          commit: 'abc',
          path: { segments: ['dir', file] },
        });
        const req = request({ ...built, query });
        expect(forgeRoute(req).value).toBe(`${encodedPath(req)}${encodedQuery(req)}`);
      }),
    );
  });

  it('lets Forge refuse a value that escaped our encoder (defence in depth)', () => {
    const sneaky = request({ values: ['..', '%7Br%7D'] });
    expect(() => forgeRoute(sneaky)).toThrow(/path manipulation/);
    expect(() => forgeRoute(request({ values: ['a/b', 'c'] }))).toThrow(/path manipulation/);
  });
});

describe('createForgeTransport', () => {
  it('passes method, headers and body, and reads the whole answer', async () => {
    const { fn, calls } = fakeRequestBitbucket(() => okResponse('{"id":1}', 201, { Location: '/l' }));
    const transport = createForgeTransport(fn);
    const response = await transport(
      request({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"title":"t"}' }),
    );
    expect(calls[0]?.route.value).toBe('/2.0/repositories/%7Bw%7D/%7Br%7D/pullrequests');
    expect(calls[0]?.init).toEqual({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"title":"t"}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/l');
    expect(new TextDecoder().decode(response.body)).toBe('{"id":1}');
  });

  it('lets NeedsAuthenticationError through unchanged, without retries', async () => {
    const needsAuth = new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
    const { fn, calls } = fakeRequestBitbucket(() => Promise.reject(needsAuth));
    const client = createBitbucketClient({ transport: createForgeTransport(fn), clock: fakeClock(), random: () => 0 });
    await expect(client.getRepository(REPO)).rejects.toBe(needsAuth);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.route.value).toBe(REPO_PATH);
  });

  it('turns FetchError and a 5xx proxy error into TransportNetworkError', async () => {
    for (const failure of [new FetchError('socket hang up'), new ProxyRequestError(502, 'PROXY_ERR')]) {
      const transport = createForgeTransport(() => Promise.reject(failure));
      const error = await transport(request()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportNetworkError);
      expect((error as Error).cause).toBe(failure);
    }
  });

  it('passes the signal on and turns an abort into TransportNetworkError', async () => {
    const controller = new AbortController();
    const { fn, calls } = fakeRequestBitbucket(() => {
      controller.abort();
      return Promise.reject(new DOMException('This operation was aborted', 'AbortError'));
    });
    const error = await createForgeTransport(fn)(request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(calls[0]?.init?.signal).toBe(controller.signal);
    expect(error).toBeInstanceOf(TransportNetworkError);
  });

  it('ends the attempt when the signal fires even if Forge ignores the signal and never answers', async () => {
    const controller = new AbortController();
    const { fn } = fakeRequestBitbucket(() => new Promise(() => {}));
    const pending = createForgeTransport(fn)(request(), { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const error = await pending;
    expect(error).toBeInstanceOf(TransportNetworkError);
    expect((error as Error).message).toMatch(/timeout/);
  }, 2_000);

  it('ends the attempt when the signal fires while the body is still arriving', async () => {
    const controller = new AbortController();
    const { fn } = fakeRequestBitbucket(() =>
      Promise.resolve({ status: 200, headers: new Headers(), arrayBuffer: () => new Promise<ArrayBuffer>(() => {}) }),
    );
    const pending = createForgeTransport(fn)(request(), { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await pending).toBeInstanceOf(TransportNetworkError);
  }, 2_000);

  it('keeps a 4xx proxy error unchanged', async () => {
    const failure = new ProxyRequestError(403, 'SOMETHING');
    const transport = createForgeTransport(() => Promise.reject(failure));
    await expect(transport(request())).rejects.toBe(failure);
  });
});
