// How the use cases surface failures: Bitbucket errors become values with a
// code, status and advice; Forge's NeedsAuthenticationError and bugs are
// rethrown for the resolver to handle.
import { afterEach, describe, expect, it } from 'vitest';
import { BitbucketError, createBitbucketClient, createFetchTransport, type BitbucketTransport } from '../../src/bitbucket';
import { isNeedsAuthentication, loadSetup, openPullRequest, saveIdentity, toUseCaseError } from '../../src/usecases';
import { demoSeed, type SimRepository } from '../../preview/simulator';
import { CHOICES, startHarness, type Harness } from './harness';

/** Shaped like @forge/api's error: only the name matters to the use cases. */
class NeedsAuthenticationError extends Error {
  override name = 'NEEDS_AUTHENTICATION_ERR';
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function demo(): Promise<SimRepository> {
  h = await startHarness(demoSeed);
  return h.state.repositories[0]!;
}

function clientThatNeedsConsent() {
  const transport: BitbucketTransport = async () => {
    throw new NeedsAuthenticationError('user consent required');
  };
  return createBitbucketClient({ transport, clock: h.clock });
}

describe('use case errors', () => {
  it('lets NeedsAuthenticationError from the write client propagate unchanged', async () => {
    const repo = await demo();
    const deps = { read: h.client(), write: clientThatNeedsConsent() };
    await expect(openPullRequest(deps, h.ids(repo), { choices: CHOICES })).rejects.toBeInstanceOf(NeedsAuthenticationError);
    await expect(saveIdentity(deps, h.ids(repo), `${'a'.repeat(40)}/${'b'.repeat(16)}`)).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });

  it('lets it propagate from the read client too', async () => {
    const repo = await demo();
    await expect(loadSetup({ read: clientThatNeedsConsent() }, h.ids(repo))).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });

  it('recognises the error by name, not by class', () => {
    expect(isNeedsAuthentication(new NeedsAuthenticationError('x'))).toBe(true);
    expect(isNeedsAuthentication(new Error('x'))).toBe(false);
    expect(isNeedsAuthentication('NEEDS_AUTHENTICATION_ERR')).toBe(false);
  });

  it('maps a BitbucketError to code, status and its advice; rethrows anything else', () => {
    const error = new BitbucketError({
      code: 'rate-limited',
      status: 429,
      operation: 'read the repository',
      bitbucketMessage: 'Rate limit for this resource has been exceeded',
      bitbucketDetail: null,
      hint: 'Try again in 30 s.',
    });
    expect(toUseCaseError(error)).toEqual({ code: 'rate-limited', status: 429, message: error.message });
    expect(error.message).toContain('Try again in 30 s.');
    const bug = new TypeError('undefined is not a function');
    expect(() => toUseCaseError(bug)).toThrow(bug);
  });

  it('a network failure after retries becomes bitbucket-unavailable without a status', async () => {
    const repo = await demo();
    h.sim.faults.drop('GET', /.*/, 100);
    const result = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(result).toMatchObject({ ok: false, error: { code: 'bitbucket-unavailable' } });
    if (!result.ok) expect(result.error.status).toBeUndefined();
  });

  it('an unknown repository is not-found with advice', async () => {
    await demo();
    const client = createBitbucketClient({ transport: createFetchTransport({ baseUrl: h.sim.url }), clock: h.clock });
    const result = await loadSetup({ read: client }, { workspaceUuid: '{00000000-0000-4000-8000-000000000000}', repositoryUuid: '{00000000-0000-4000-8000-000000000001}' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', status: 404 } });
  });
});
