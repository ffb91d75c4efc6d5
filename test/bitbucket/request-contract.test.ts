// Every request the client can send, checked against Atlassian's OpenAPI spec:
// method and path template exist, path values fill the template, required
// parameters are present, the query uses only declared or documented
// parameters, and the body's media type (and JSON schema) is the operation's.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { createBitbucketClient, type BitbucketClient } from '../../src/bitbucket/client';
import { OPERATIONS, USED_OPERATIONS, type OperationName } from '../../src/bitbucket/operations';
import { encodedPath, type BitbucketRequest } from '../../src/bitbucket/transport';
import { HASH_A, HASH_B, REPO, fakeClock, recordingTransport, type ScriptedAnswer } from './fakes';
import { loadBitbucketSpec, matchSpecPaths, scopesFor, specOperation, specParameters } from './spec';

const spec = loadBitbucketSpec();
const serverPath = new URL(spec.servers[0]?.url ?? '').pathname; // "/2.0"

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
ajv.addSchema({ ...spec, $id: 'bitbucket-spec' });

/**
 * Query parameters the spec documents for all list endpoints in its narrative
 * ("Filter and sort", "Pagination", "Partial responses") rather than per
 * operation, each with the text that documents it.
 */
const NARRATIVE_QUERY_PARAMETERS: Record<string, string> = {
  q: 'q=<query>',
  sort: 'sort=<field>',
  page: '"page": 2',
  pagelen: '"pagelen": 10',
  fields: '?fields=',
};
const narrative = (spec['x-atlassian-narrative']?.documents ?? []).map((d) => d.body ?? '').join('\n');

const REPOSITORY = {
  type: 'repository',
  uuid: REPO.repositoryUuid,
  slug: 'demo',
  full_name: 'acme/demo',
  mainbranch: { type: 'branch', name: 'main' },
  workspace: { type: 'workspace', uuid: REPO.workspaceUuid, slug: 'acme' },
  links: { html: { href: 'https://bitbucket.org/acme/demo' } },
};
const PULL_REQUEST = {
  type: 'pullrequest',
  id: 3,
  title: 'Set up Chainguard OIDC',
  state: 'OPEN',
  links: { html: { href: 'https://bitbucket.org/acme/demo/pull-requests/3' } },
  source: { branch: { name: 'chainguard-oidc-setup' }, commit: { hash: HASH_B } },
};
const VARIABLE = { type: 'pipeline_variable', uuid: '{v1}', key: 'CHAINGUARD_IDENTITY', value: 'id', secured: false };

/** One way to call each operation, and a plausible answer. A Record, so a new operation without a driver fails to compile. */
const DRIVERS: Record<OperationName, { call: (c: BitbucketClient) => Promise<unknown>; answer: ScriptedAnswer }> = {
  getRepository: { call: (c) => c.getRepository(REPO), answer: { status: 200, body: REPOSITORY } },
  getBranch: {
    call: (c) => c.getBranch(REPO, 'feature/oidc setup'),
    answer: { status: 200, body: { type: 'branch', name: 'feature/oidc setup', target: { type: 'commit', hash: HASH_A } } },
  },
  getCommit: {
    call: (c) => c.getCommit(REPO, HASH_A),
    answer: { status: 200, body: { type: 'commit', hash: HASH_A, message: 'm', parents: [] } },
  },
  readFile: {
    call: (c) => c.readFile(REPO, HASH_A, '.ci/bitbucket-pipelines.yml'),
    answer: { status: 200, body: 'pipelines: {}\n' },
  },
  commitFiles: {
    call: (c) =>
      c.commitFile(REPO, {
        branch: 'chainguard-oidc-setup',
        parent: HASH_A,
        path: 'bitbucket-pipelines.yml',
        content: 'pipelines: {}\n',
        message: 'Add OIDC',
        author: 'App <app@example.com>',
      }),
    answer: { status: 201, headers: { Location: `https://api.bitbucket.org/2.0/repositories/acme/demo/commit/${HASH_B}` } },
  },
  getPipelinesConfig: {
    call: (c) => c.getPipelinesConfig(REPO),
    answer: { status: 200, body: { type: 'repository_pipelines_configuration', enabled: true } },
  },
  listEnvironments: {
    call: (c) => c.listEnvironments(REPO),
    answer: { status: 200, body: { values: [{ type: 'deployment_environment', uuid: '{e}', name: 'Production' }] } },
  },
  listPullRequests: {
    call: (c) => c.findOpenPullRequests(REPO, 'chainguard-oidc-setup'),
    answer: { status: 200, body: { values: [PULL_REQUEST] } },
  },
  createPullRequest: {
    call: (c) =>
      c.createPullRequest(REPO, {
        title: 'Set up Chainguard OIDC',
        description: 'd',
        sourceBranch: 'chainguard-oidc-setup',
        destinationBranch: 'main',
        closeSourceBranch: true,
      }),
    answer: { status: 201, body: PULL_REQUEST },
  },
  listVariables: { call: (c) => c.listVariables(REPO), answer: { status: 200, body: { values: [VARIABLE] } } },
  createVariable: {
    call: (c) => c.createVariable(REPO, { key: 'CHAINGUARD_IDENTITY', value: 'id', secured: false }),
    answer: { status: 201, body: VARIABLE },
  },
  updateVariable: {
    call: (c) => c.updateVariable(REPO, '{v1}', { key: 'CHAINGUARD_IDENTITY', value: 'id2', secured: false }),
    answer: { status: 200, body: VARIABLE },
  },
  listRepositories: {
    call: (c) => c.listRepositoriesPage(REPO.workspaceUuid, null),
    answer: {
      status: 200,
      body: { values: [{ ...REPOSITORY, updated_on: '2026-01-02T03:04:05+00:00', project: { type: 'project', key: 'P', name: 'Platform' } }] },
    },
  },
  listUserPullRequests: {
    call: (c) => c.listAuthoredPullRequestsPage(REPO.workspaceUuid, '557058:abc', 'chainguard-oidc-setup', ['OPEN', 'MERGED'], null),
    answer: {
      status: 200,
      body: {
        values: [
          {
            ...PULL_REQUEST,
            source: { ...PULL_REQUEST.source, repository: { type: 'repository', uuid: REPO.repositoryUuid } },
            destination: { repository: { type: 'repository', uuid: REPO.repositoryUuid } },
          },
        ],
      },
    },
  },
  listWorkspaceVariables: {
    call: (c) => c.listWorkspaceVariables(REPO.workspaceUuid, null),
    answer: { status: 200, body: { values: [VARIABLE] } },
  },
  createWorkspaceVariable: {
    call: (c) => c.createWorkspaceVariable(REPO.workspaceUuid, { key: 'CHAINGUARD_IDENTITY', value: 'id', secured: false }),
    answer: { status: 201, body: VARIABLE },
  },
  updateWorkspaceVariable: {
    call: (c) => c.updateWorkspaceVariable(REPO.workspaceUuid, '{v1}', { key: 'CHAINGUARD_IDENTITY', value: 'id2', secured: false }),
    answer: { status: 200, body: VARIABLE },
  },
};

/** Everything about `request` that disagrees with the spec, in words; empty when it conforms. */
function contractViolations(request: BitbucketRequest): string[] {
  const problems: string[] = [];
  const label = `${request.method} ${request.pathTemplate}`;
  const op = specOperation(spec, request.method, request.pathTemplate);
  if (!op) return [`${label}: no such operation in the spec`];

  const fullPath = encodedPath(request);
  if (!fullPath.startsWith(`${serverPath}/`)) problems.push(`${label}: path ${fullPath} is not under ${serverPath}`);
  const relative = fullPath.slice(serverPath.length);
  const matches = matchSpecPaths(spec, request.method, relative);
  const match = matches.find((m) => m.template === request.pathTemplate);
  if (!match) {
    problems.push(`${label}: ${relative} does not fill that template (matches: ${matches.map((m) => m.template).join(', ') || 'none'})`);
  }

  const parameters = specParameters(spec, request.method, request.pathTemplate);
  for (const p of parameters.filter((p) => p.in === 'path')) {
    if (!match?.params[p.name]) problems.push(`${label}: path parameter ${p.name} is missing`);
  }
  const queryNames = request.query.map(([name]) => name);
  for (const p of parameters.filter((p) => p.in === 'query' && p.required)) {
    if (!queryNames.includes(p.name)) problems.push(`${label}: required query parameter ${p.name} is missing`);
  }
  const declaredQuery = parameters.filter((p) => p.in === 'query').map((p) => p.name);
  for (const name of queryNames) {
    if (!declaredQuery.includes(name) && !(name in NARRATIVE_QUERY_PARAMETERS)) {
      problems.push(`${label}: query parameter ${name} is neither declared nor documented`);
    }
  }

  const contentType = request.headers['Content-Type'];
  if (request.body === undefined) {
    if ((op.requestBody as { required?: boolean } | undefined)?.required) problems.push(`${label}: the spec requires a body`);
    return problems;
  }
  if (contentType === undefined) return [...problems, `${label}: body without Content-Type`];
  const declaredTypes = Object.keys(op.requestBody?.content ?? {});
  if (declaredTypes.length > 0) {
    if (!declaredTypes.includes(contentType)) problems.push(`${label}: ${contentType} is not one of ${declaredTypes.join(', ')}`);
  } else if (!(op.description ?? '').includes(contentType)) {
    // POST /src declares no requestBody; its description names the accepted media types.
    problems.push(`${label}: ${contentType} is not among the media types the description accepts`);
  }
  if (contentType === 'application/json') {
    const schema = op.requestBody?.content?.['application/json']?.schema as { $ref?: string } | undefined;
    const validate = schema?.$ref ? ajv.getSchema(`bitbucket-spec${schema.$ref}`) : undefined;
    if (validate && !validate(JSON.parse(request.body))) {
      problems.push(`${label}: body does not match ${schema?.$ref}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const declared = parameters.map((p) => p.name);
    for (const field of new URLSearchParams(request.body).keys()) {
      // A field naming a repository path (leading "/") carries file content.
      if (!field.startsWith('/') && !declared.includes(field)) problems.push(`${label}: form field ${field} is not declared`);
    }
  }
  return problems;
}

async function recordAll(): Promise<Map<OperationName, BitbucketRequest[]>> {
  const byOperation = new Map<OperationName, BitbucketRequest[]>();
  for (const [name, driver] of Object.entries(DRIVERS) as [OperationName, (typeof DRIVERS)[OperationName]][]) {
    const { transport, requests } = recordingTransport(() => driver.answer);
    const client = createBitbucketClient({ transport, clock: fakeClock(), random: () => 0 });
    await driver.call(client);
    byOperation.set(name, requests);
  }
  return byOperation;
}

describe('request contract with the Bitbucket Cloud OpenAPI spec', () => {
  it('every client call sends requests that match a spec operation', async () => {
    const recorded = await recordAll();
    for (const [name, requests] of recorded) {
      expect(requests.length, name).toBeGreaterThan(0);
      expect(requests[0]?.pathTemplate, name).toBe(OPERATIONS[name].pathTemplate);
      for (const request of requests) expect(contractViolations(request), name).toEqual([]);
    }
  });

  it('the calls exercise exactly the operations the client declares', async () => {
    const recorded = await recordAll();
    const sent = new Set([...recorded.values()].flat().map((r) => `${r.method} ${r.pathTemplate}`));
    const declared = new Set(USED_OPERATIONS.map((o) => `${o.method} ${o.pathTemplate}`));
    expect(sent).toEqual(declared);
  });

  it('the answers used above are valid per the spec response schemas', () => {
    for (const [name, driver] of Object.entries(DRIVERS) as [OperationName, (typeof DRIVERS)[OperationName]][]) {
      const { method, pathTemplate } = OPERATIONS[name];
      const response = specOperation(spec, method, pathTemplate)?.responses[String(driver.answer.status)] as
        | { content?: Record<string, { schema?: { $ref?: string } }> }
        | undefined;
      expect(response, `${name} ${driver.answer.status}`).toBeDefined();
      const ref = response?.content?.['application/json']?.schema?.$ref;
      // The raw file answer of /src/{commit}/{path} is not JSON; its JSON schema is the directory listing.
      if (!ref || typeof driver.answer.body !== 'object') continue;
      const validate = ajv.getSchema(`bitbucket-spec${ref}`);
      expect(validate, ref).toBeDefined();
      const ok = validate?.(driver.answer.body);
      expect(ok, `${name}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
    }
  });

  it('the checker itself rejects requests that break the contract', () => {
    const good: BitbucketRequest = {
      method: 'POST',
      pathTemplate: OPERATIONS.createPullRequest.pathTemplate,
      literals: ['/2.0/repositories/', '/', '/pullrequests'],
      values: ['%7Bw%7D', '%7Br%7D'],
      query: [],
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'pullrequest', title: 't', source: { branch: { name: 'b' } } }),
    };
    expect(contractViolations(good)).toEqual([]);
    expect(contractViolations({ ...good, method: 'PUT' })).toEqual([expect.stringContaining('no such operation')]);
    expect(contractViolations({ ...good, headers: { 'Content-Type': 'multipart/form-data' } })[0]).toContain('is not one of application/json');
    expect(contractViolations({ ...good, body: JSON.stringify({ title: 't' }) })[0]).toContain("must have required property 'type'");
    expect(contractViolations({ ...good, query: [['colour', 'red']] })[0]).toContain('colour is neither declared nor documented');
    expect(contractViolations({ ...good, literals: ['/2.0/repositories/', '/', '/pullrequests/x'] })[0]).toContain('does not fill that template');
    const commit: BitbucketRequest = {
      ...good,
      pathTemplate: OPERATIONS.commitFiles.pathTemplate,
      literals: ['/2.0/repositories/', '/', '/src'],
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'mesage=typo&%2Fa.yml=x',
    };
    expect(contractViolations(commit)).toEqual([expect.stringContaining('form field mesage is not declared')]);
    expect(contractViolations({ ...commit, headers: { 'Content-Type': 'application/xml' } })[0]).toContain('media types the description accepts');
  });

  it('the query parameters not declared per operation are documented in the spec narrative', () => {
    for (const [name, evidence] of Object.entries(NARRATIVE_QUERY_PARAMETERS)) {
      expect(narrative.includes(evidence), `${name}: "${evidence}" not found in the narrative`).toBe(true);
    }
  });
});

describe('OAuth scopes', () => {
  it('each operation names the scopes the spec gives it (used in 403 hints)', () => {
    for (const [name, op] of Object.entries(OPERATIONS)) {
      expect([...op.scopes].sort(), name).toEqual(scopesFor([op], spec));
    }
  });

  it('scopesFor(USED_OPERATIONS) is the set the manifest must request', () => {
    expect(scopesFor(USED_OPERATIONS, spec)).toEqual([
      'admin:pipeline:bitbucket',
      'admin:repository:bitbucket',
      'read:pipeline:bitbucket',
      'read:pullrequest:bitbucket',
      'read:repository:bitbucket',
      'write:pullrequest:bitbucket',
      'write:repository:bitbucket',
    ]);
  });

  it('scopesFor refuses an operation the spec does not have', () => {
    expect(() => scopesFor([{ method: 'GET', pathTemplate: '/repositories/{workspace}/{repo_slug}/nope' }], spec)).toThrow(
      /not an operation of the Bitbucket spec/,
    );
  });
});
