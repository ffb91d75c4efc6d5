import { describe, expect, it } from 'vitest';
import { createBitbucketClient } from '../../src/bitbucket/client';
import { BitbucketError, codeForStatus, errorFromResponse, parseErrorBody } from '../../src/bitbucket/errors';
import { OPERATIONS } from '../../src/bitbucket/operations';
import { REPO, fakeClock, scriptedTransport, type Step } from './fakes';

function client(steps: Step[]) {
  return createBitbucketClient({ transport: scriptedTransport(steps).transport, clock: fakeClock(), random: () => 0 });
}

async function caught(promise: Promise<unknown>): Promise<BitbucketError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BitbucketError);
  return error as BitbucketError;
}

const SCOPE_ERROR = {
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { required: ['repository:admin'], granted: ['repository'] },
  },
};

describe('403 names what is missing', () => {
  it('for pipelines_config: the admin scope and repository admin permission, plus Bitbucket\'s words', async () => {
    const error = await caught(client([{ status: 403, body: SCOPE_ERROR }]).getPipelinesConfig(REPO));
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.operation).toBe('read whether Pipelines is enabled');
    expect(error.bitbucketMessage).toBe('Your credentials lack one or more required privilege scopes.');
    expect(error.bitbucketDetail).toBe('{"required":["repository:admin"],"granted":["repository"]}');
    expect(error.hint).toContain('admin:repository:bitbucket');
    expect(error.hint).toContain('repository admin');
    expect(error.message).toContain('Could not read whether Pipelines is enabled. Bitbucket answered 403');
    expect(error.message).toContain('required privilege scopes');
  });

  it('for creating a pull request: both pull request scopes', async () => {
    const error = await caught(
      client([{ status: 403 }]).createPullRequest(REPO, {
        title: 't',
        description: 'd',
        sourceBranch: 's',
        destinationBranch: 'main',
        closeSourceBranch: true,
      }),
    );
    expect(error.hint).toContain('scopes read:pullrequest:bitbucket and write:pullrequest:bitbucket');
    expect(error.hint).toContain('write access');
  });

  it('for committing: the write scope', async () => {
    const error = await caught(
      client([{ status: 403 }]).commitFile(REPO, { branch: 'b', parent: 'a'.repeat(40), path: 'p.yml', content: 'x', message: 'm' }),
    );
    expect(error.hint).toContain('write:repository:bitbucket');
  });

  it('for variables: the pipeline admin scope', async () => {
    const error = await caught(client([{ status: 403 }]).createVariable(REPO, { key: 'K', value: 'v', secured: false }));
    expect(error.hint).toContain('admin:pipeline:bitbucket');
  });
});

describe('other statuses', () => {
  it('404 on the repository says it may not exist or not be visible', async () => {
    const error = await caught(
      client([{ status: 404, body: { type: 'error', error: { message: 'Repository not found' } } }]).getRepository(REPO),
    );
    expect(error.code).toBe('not-found');
    expect(error.bitbucketMessage).toBe('Repository not found');
    expect(error.hint).toMatch(/does not exist|cannot see/);
  });

  it('401 asks for credentials, not scopes', async () => {
    const error = await caught(client([{ status: 401 }]).getRepository(REPO));
    expect(error.code).toBe('forbidden');
    expect(error.hint).toContain('did not accept the credentials');
    expect(error.hint).not.toContain('scope');
  });

  it('409 on a variable create is a conflict', async () => {
    const error = await caught(
      client([{ status: 409, body: { type: 'error', error: { message: 'A variable with the key provided already exists.' } } }]).createVariable(
        REPO,
        { key: 'K', value: 'v', secured: false },
      ),
    );
    expect(error.code).toBe('conflict');
  });

  it('an HTML error page keeps the status and has no Bitbucket message', async () => {
    const error = await caught(client([{ status: 500, body: '<html>Internal error</html>' }]).getRepository(REPO));
    expect(error.code).toBe('bitbucket-unavailable');
    expect(error.bitbucketMessage).toBeNull();
    expect(error.message).toBe(
      'Could not read the repository. Bitbucket answered 500. Bitbucket is unavailable right now. Try again in a minute; https://bitbucket.status.atlassian.com shows outages.',
    );
  });
});

describe('parseErrorBody', () => {
  it('reads message and string detail', () => {
    expect(parseErrorBody('{"type":"error","error":{"message":"Bad","detail":"why"}}')).toEqual({ message: 'Bad', detail: 'why' });
  });
  it('tolerates bodies of any other shape', () => {
    expect(parseErrorBody('')).toEqual({ message: null, detail: null });
    expect(parseErrorBody('null')).toEqual({ message: null, detail: null });
    expect(parseErrorBody('{"error":{"message":5}}')).toEqual({ message: null, detail: null });
  });
});

describe('codeForStatus', () => {
  it.each([
    [400, 'invalid-input'],
    [401, 'forbidden'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [418, 'internal'],
    [429, 'rate-limited'],
    [502, 'bitbucket-unavailable'],
    [555, 'bitbucket-unavailable'],
  ] as const)('%i → %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('errorFromResponse', () => {
  it('puts the wait into a rate-limited message', () => {
    const error = errorFromResponse(OPERATIONS.listPullRequests, 429, '', 42);
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(42);
    expect(error.message).toContain('Try again in 42 s');
  });
});
