// The page's door to the resolvers says what failed in an admin's words:
// never the resolver's function name nor the browser's raw "Failed to fetch".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../static/settings/src/bridge-call';
import { invoke, resetBridge } from './fake-bridge';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

afterEach(() => {
  resetBridge();
  invoke.mockReset();
});

const INTERNALS = /openPullRequest|saveIdentity|loadPage|saveChoices|Failed to fetch|TypeError|\(|\)/;

describe('bridge failures in words', () => {
  it('a network failure says what the page was doing and what to do', async () => {
    invoke.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const result = await call('openPullRequest', { choices: { organization: 'acme.dev' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('The page could not reach the app to open the pull request. Check your connection, then try again.');
    expect(result.error.message).not.toMatch(INTERNALS);
  });

  it('a consent rejection asks to allow access, without the raw reason', async () => {
    invoke.mockRejectedValueOnce(new Error('NeedsAuthenticationError: Failed to fetch'));
    const result = await call('saveIdentity', { identityId: 'x', allowAccess: true });
    if (result.ok) throw new Error('expected a failure');
    expect(result.error.message).toMatch(/^Bitbucket access was not granted yet\. If Atlassian asked you to allow access/);
    expect(result.error.message).not.toMatch(INTERNALS);
  });

  it('an answer of the wrong shape says so without naming the function', async () => {
    invoke.mockResolvedValueOnce('<html>' as never);
    const result = await call('loadPage', {});
    if (result.ok) throw new Error('expected a failure');
    expect(result.error.message).toContain("while trying to load this repository's settings");
    expect(result.error.message).not.toMatch(INTERNALS);
  });
});
