import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCliOptions } from '../../preview/cli-options';
import { fetchRepositoryIdentity, parseRepoArgument } from '../../preview/repository-identity';

describe('parseCliOptions', () => {
  it('defaults to port 5173 and the simulator', () => {
    expect(parseCliOptions([], {})).toEqual({ port: DEFAULT_PORT, latencyMs: 0, faultPercent: 0, memory: false, scene: 'demo', real: null, help: false });
  });

  it('takes PORT, and --port over PORT, in both flag forms', () => {
    expect(parseCliOptions([], { PORT: '8080' }).port).toBe(8080);
    expect(parseCliOptions(['--port', '0'], { PORT: '8080' }).port).toBe(0);
    expect(parseCliOptions(['--port=9000', '--latency=100', '--memory'], {})).toMatchObject({ port: 9000, latencyMs: 100, memory: true });
  });

  it('rejects bad numbers and unknown flags with what to do', () => {
    expect(() => parseCliOptions(['--port', 'abc'], {})).toThrow(/--port needs a whole number/);
    expect(() => parseCliOptions([], { PORT: '70000' })).toThrow(/PORT needs a whole number from 0 to 65535/);
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow(/Unknown option "--prot"[\s\S]*Usage/);
  });

  it('takes --faults as a percentage up to 50, for the simulator only', () => {
    expect(parseCliOptions(['--faults', '5'], {}).faultPercent).toBe(5);
    expect(() => parseCliOptions(['--faults', '80'], {})).toThrow(/--faults needs a whole number from 0 to 50/);
    expect(() => parseCliOptions(['--faults', '5', '--repo', 'ws/app'], { BITBUCKET_TOKEN: 't' })).toThrow(/--faults acts on the simulated Bitbucket/);
  });

  it('takes a known scene for the simulator only', () => {
    expect(parseCliOptions(['--scene', 'no-pipeline'], {}).scene).toBe('no-pipeline');
    expect(() => parseCliOptions(['--scene', 'nope'], {})).toThrow(/--scene must be one of: demo, no-pipeline/);
    expect(() => parseCliOptions(['--scene', 'demo', '--repo', 'ws/app'], { BITBUCKET_TOKEN: 't' })).toThrow(/cannot be combined with --repo/);
  });

  it('uses the real Bitbucket only with both --repo and BITBUCKET_TOKEN', () => {
    expect(parseCliOptions(['--repo', 'ws/app'], { BITBUCKET_TOKEN: 't' }).real).toEqual({ token: 't', repo: 'ws/app' });
    expect(parseCliOptions([], { BITBUCKET_TOKEN: 't' }).real).toBeNull();
    expect(() => parseCliOptions(['--repo', 'ws/app'], {})).toThrow(/needs BITBUCKET_TOKEN/);
    expect(() => parseCliOptions(['--repo', 'ws/app/x'], { BITBUCKET_TOKEN: 't' })).toThrow(/--repo must look like/);
  });
});

describe('parseRepoArgument', () => {
  it('refuses path tricks', () => {
    expect(parseRepoArgument('acme/web-app')).toEqual({ workspace: 'acme', repository: 'web-app' });
    expect(() => parseRepoArgument('acme/../x')).toThrow();
    expect(() => parseRepoArgument('acme/we b')).toThrow();
  });
});

describe('fetchRepositoryIdentity against a fake api.bitbucket.org', () => {
  const answer = {
    slug: 'web-app',
    uuid: '{11111111-2222-4333-8444-555555555555}',
    workspace: { slug: 'acme', uuid: '{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}' },
  };

  it('sends the token and returns slugs and braced UUIDs', async () => {
    const calls: { url: string; auth: string | null }[] = [];
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as typeof fetch;
    const identity = await fetchRepositoryIdentity({ baseUrl: 'https://api.bitbucket.org', repo: 'acme/web-app', token: 'secret', fetchImpl: fakeFetch });
    expect(identity).toEqual({ workspace: answer.workspace, repository: { slug: 'web-app', uuid: answer.uuid } });
    expect(calls).toEqual([{ url: 'https://api.bitbucket.org/2.0/repositories/acme/web-app', auth: 'Bearer secret' }]);
  });

  it('explains 401/403 and 404', async () => {
    const status = (code: number) => (async () => new Response('{}', { status: code })) as unknown as typeof fetch;
    await expect(fetchRepositoryIdentity({ baseUrl: 'x', repo: 'a/b', token: 't', fetchImpl: status(403) })).rejects.toThrow(/Check BITBUCKET_TOKEN/);
    await expect(fetchRepositoryIdentity({ baseUrl: 'x', repo: 'a/b', token: 't', fetchImpl: status(404) })).rejects.toThrow(/was not found/);
  });
});
