// Every response the simulator sends for the operations the client uses must
// validate against Atlassian's OpenAPI spec (the response schema declared for
// that method, path and status). Statuses the spec does not declare for an
// operation (e.g. 409 on POST /src, which its own prose documents) are checked
// against the spec's standard `error` schema, as its "Standardized error
// responses" narrative says all errors follow it.
//
// One deliberate change to the spec, and only one: `error.error` is closed
// there (additionalProperties: false with message/detail/data), while the same
// spec's narrative shows `fields` and `id` in real error bodies. We reopen that
// object so a faithful 400 with `fields` validates; everything else is as
// published (allOf, $ref, formats via ajv-formats).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSeed, startSimulator, type Simulator } from '../../preview/simulator';
import { ChainguardSandbox } from '../../preview/chainguard/sandbox';
import { pipelineRuns } from '../../preview/simulator/pipeline-runner';

type Spec = {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, any> };
};

const SPEC_PATH = path.resolve(process.cwd(), '../shared/reference/bitbucket-cloud-openapi.v3.json');
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
spec.components.schemas.error.properties.error.additionalProperties = true;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'spec');
const validators = new Map<string, ValidateFunction>();

function validatorFor(ref: string): ValidateFunction {
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: `spec${ref}` });
    validators.set(ref, v);
  }
  return v;
}

/** The schema $ref the spec declares for this response, or the standard error schema. */
function declaredSchemaRef(template: string, method: string, status: number): string | null {
  const operation = spec.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`The spec has no ${method} ${template}`);
  const response = operation.responses?.[String(status)];
  const schema = response?.content?.['application/json']?.schema as { $ref?: string } | undefined;
  if (schema?.$ref) return schema.$ref;
  if (response && !response.content) return null; // declared without a body (e.g. 201 of POST /src)
  if (status >= 400) return '#/components/schemas/error';
  throw new Error(`The spec declares no ${status} for ${method} ${template}`);
}

let sim: Simulator;
let base: string;
const REPO = '/repositories/{workspace}/{repo_slug}';
const checked: string[] = [];

async function call(
  template: string,
  method: string,
  urlPath: string,
  init: { body?: string; contentType?: string; rawFile?: boolean } = {},
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const response = await fetch(`${base}${urlPath}`, {
    method,
    ...(init.body !== undefined ? { body: init.body, headers: { 'Content-Type': init.contentType ?? 'application/json' } } : {}),
  });
  const text = await response.text();
  // The spec's 200 for /src/{commit}/{path} describes a directory listing; a file comes back as raw bytes.
  const raw = init.rawFile === true && response.status === 200;
  const ref = raw ? null : declaredSchemaRef(template, method, response.status);
  let json: unknown = null;
  if (ref !== null) {
    expect(response.headers.get('content-type')).toContain('application/json');
    json = JSON.parse(text);
    const validate = validatorFor(ref);
    const valid = validate(json);
    expect(valid, `${method} ${urlPath} → ${response.status} against ${ref}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
  checked.push(`${method} ${template} ${response.status}`);
  return { status: response.status, json, text, headers: response.headers };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: demoSeed });
  base = `${sim.url}/2.0/repositories/acme/%7B9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d%7D`;
});
afterAll(async () => {
  await sim.close();
});

describe('simulator responses match the Bitbucket OpenAPI spec', () => {
  it('validates the schemas themselves against a deliberately wrong body', () => {
    // Guards the test: a body missing required parts must fail, or every check above is vacuous.
    const validate = validatorFor('#/components/schemas/error');
    expect(validate({ type: 'error', error: {} })).toBe(false);
    expect(validatorFor('#/components/schemas/paginated_pullrequests')({ values: [{ id: 'x' }] })).toBe(false);
  });

  it('repository: 200 and 404', async () => {
    const ok = await call(REPO, 'GET', '');
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ type: 'repository', uuid: '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}', mainbranch: { name: 'main' } });
    const missing = await fetch(`${sim.url}/2.0/repositories/acme/nope`);
    expect(missing.status).toBe(404);
    expect(validatorFor('#/components/schemas/error')(await missing.json())).toBe(true);
  });

  it('branch: 200 and 404', async () => {
    expect((await call(`${REPO}/refs/branches/{name}`, 'GET', '/refs/branches/main')).status).toBe(200);
    expect((await call(`${REPO}/refs/branches/{name}`, 'GET', '/refs/branches/feature%2Fnone')).status).toBe(404);
  });

  it('commit and commits: 200 and 404', async () => {
    const tip = sim.state.repositories[0]!.branches.get('main')!;
    expect((await call(`${REPO}/commit/{commit}`, 'GET', `/commit/${tip}`)).status).toBe(200);
    expect((await call(`${REPO}/commit/{commit}`, 'GET', '/commit/0000000000')).status).toBe(404);
    expect((await call(`${REPO}/commits/{revision}`, 'GET', '/commits/main')).status).toBe(200);
  });

  it('file: raw bytes on 200 (no JSON schema applies), error body on 404', async () => {
    const tip = sim.state.repositories[0]!.branches.get('main')!;
    const file = await call(`${REPO}/src/{commit}/{path}`, 'GET', `/src/${tip}/bitbucket-pipelines.yml`, { rawFile: true });
    expect(file.status).toBe(200);
    expect(file.text).toContain('step: &build');
    expect(file.headers.get('content-type')).not.toContain('json');
    const listing = await call(`${REPO}/src/{commit}/{path}`, 'GET', `/src/${tip}/`);
    expect(listing.status).toBe(200);
    expect((await call(`${REPO}/src/{commit}/{path}`, 'GET', `/src/${tip}/absent.yml`)).status).toBe(404);
  });

  it('commit files (POST /src): 201 with Location, 409 on a stale parent, 403 without write', async () => {
    const tip = sim.state.repositories[0]!.branches.get('main')!;
    const form = new URLSearchParams({ '/x.txt': 'x', branch: 'contract-test', parents: tip, message: 'm' }).toString();
    const created = await call(`${REPO}/src`, 'POST', '/src', { body: form, contentType: 'application/x-www-form-urlencoded' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/\/commit\/[0-9a-f]{40}$/);
    const conflict = await call(`${REPO}/src`, 'POST', '/src', { body: form, contentType: 'application/x-www-form-urlencoded' });
    expect(conflict.status).toBe(409);
    sim.state.addActor('reader', { displayName: 'Reader', nickname: 'reader', permission: 'read' });
    const forbidden = await fetch(`${base}/src`, {
      method: 'POST',
      body: form,
      headers: { Authorization: 'Bearer reader', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(forbidden.status).toBe(403);
    expect(validatorFor(declaredSchemaRef(`${REPO}/src`, 'POST', 403)!)(await forbidden.json())).toBe(true);
  });

  it('pipelines config: 200, and 403 for a non-admin', async () => {
    expect((await call(`${REPO}/pipelines_config`, 'GET', '/pipelines_config')).status).toBe(200);
    sim.state.addActor('writer', { displayName: 'Writer', nickname: 'writer', permission: 'write' });
    const forbidden = await fetch(`${base}/pipelines_config`, { headers: { Authorization: 'Bearer writer' } });
    expect(forbidden.status).toBe(403);
    expect(validatorFor('#/components/schemas/error')(await forbidden.json())).toBe(true);
  });

  it('environments: paginated 200 with next', async () => {
    const page = await call(`${REPO}/environments`, 'GET', '/environments?pagelen=2');
    expect(page.json).toMatchObject({ pagelen: 2, size: 3 });
    expect((page.json as { next?: string }).next).toMatch(/page=2/);
  });

  it('pull requests: list, create 201, duplicate 400, bad query 400', async () => {
    const tip = sim.state.repositories[0]!.branches.get('main')!;
    const form = new URLSearchParams({ '/y.txt': 'y', branch: 'pr-contract', parents: tip, message: 'm' }).toString();
    await fetch(`${base}/src`, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const body = JSON.stringify({ title: 'T', description: 'D', source: { branch: { name: 'pr-contract' } }, close_source_branch: true });
    expect((await call(`${REPO}/pullrequests`, 'POST', '/pullrequests', { body })).status).toBe(201);
    const dup = await call(`${REPO}/pullrequests`, 'POST', '/pullrequests', { body });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.json)).toContain('already an open pull request');
    const q = encodeURIComponent('source.branch.name = "pr-contract" AND state = "OPEN"');
    const list = await call(`${REPO}/pullrequests`, 'GET', `/pullrequests?q=${q}`);
    expect((list.json as { values: unknown[] }).values).toHaveLength(1);
    const bad = await fetch(`${base}/pullrequests?q=${encodeURIComponent('title ~ "x" OR id > 1')}`);
    expect(bad.status).toBe(400);
  });

  it('variables: list, create 201, duplicate 409, update 200, unknown 404', async () => {
    const body = JSON.stringify({ key: 'CHAINGUARD_IDENTITY', value: 'v', secured: false });
    const created = await call(`${REPO}/pipelines_config/variables`, 'POST', '/pipelines_config/variables', { body });
    expect(created.status).toBe(201);
    expect((await call(`${REPO}/pipelines_config/variables`, 'POST', '/pipelines_config/variables', { body })).status).toBe(409);
    expect((await call(`${REPO}/pipelines_config/variables`, 'GET', '/pipelines_config/variables')).status).toBe(200);
    const uuid = encodeURIComponent((created.json as { uuid: string }).uuid);
    const tpl = `${REPO}/pipelines_config/variables/{variable_uuid}`;
    expect((await call(tpl, 'PUT', `/pipelines_config/variables/${uuid}`, { body })).status).toBe(200);
    expect((await call(tpl, 'PUT', '/pipelines_config/variables/%7Bnope%7D', { body })).status).toBe(404);
  });

  it('pipeline runs: create 201, list, get, steps, log (200 while running, 307 once done), test reports; 400 and 404', async () => {
    const repo = sim.state.repositories[0]!;
    const runs = pipelineRuns(sim.state);
    runs.chainguard = new ChainguardSandbox();
    sim.state.commitOrThrow(repo, {
      branch: 'main',
      files: { 'bitbucket-pipelines.yml': 'pipelines:\n  custom:\n    chainguard-oidc:\n      - step:\n          name: Check\n          oidc: true\n          script:\n            - cg_case() { :; }\n            - chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"\n' },
    });
    const body = (pattern: string) =>
      JSON.stringify({ type: 'pipeline', target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main', selector: { type: 'custom', pattern } } });
    const P = `${REPO}/pipelines`;
    expect((await call(P, 'POST', '/pipelines', { body: body('no-such-pipeline') })).status).toBe(400);
    runs.delayMs = 60_000;
    const created = await call(P, 'POST', '/pipelines', { body: body('chainguard-oidc') });
    expect(created.status).toBe(201);
    const uuid = encodeURIComponent((created.json as { uuid: string }).uuid);
    expect((await call(P, 'GET', '/pipelines?target.selector.type=CUSTOM&target.selector.pattern=chainguard-oidc&sort=-created_on')).status).toBe(200);
    expect((await call(`${P}/{pipeline_uuid}`, 'GET', `/pipelines/${uuid}`)).status).toBe(200);
    expect((await call(`${P}/{pipeline_uuid}`, 'GET', '/pipelines/%7Bnope%7D')).status).toBe(404);
    const steps = await call(`${P}/{pipeline_uuid}/steps`, 'GET', `/pipelines/${uuid}/steps`);
    const step = encodeURIComponent((steps.json as { values: { uuid: string }[] }).values[0]!.uuid);
    const logTpl = `${P}/{pipeline_uuid}/steps/{step_uuid}/log`;
    runs.runs.get(repo.uuid)!.at(-1)!.startAt = 0; // running now
    expect((await call(logTpl, 'GET', `/pipelines/${uuid}/steps/${step}/log`)).status).toBe(200);
    expect((await call(`${P}/{pipeline_uuid}/steps/{step_uuid}/test_reports`, 'GET', `/pipelines/${uuid}/steps/${step}/test_reports`)).status).toBe(404);
    runs.runs.get(repo.uuid)!.at(-1)!.endAt = 0; // done
    const moved = await fetch(`${base}/pipelines/${uuid}/steps/${step}/log`, { redirect: 'manual' });
    expect(moved.status).toBe(307);
    expect(moved.headers.get('location')).toMatch(/^https:\/\//);
    checked.push(`GET ${logTpl} 307`);
    expect((await call(`${P}/{pipeline_uuid}/steps/{step_uuid}/test_reports`, 'GET', `/pipelines/${uuid}/steps/${step}/test_reports`)).status).toBe(200);
    const cases = await call(`${P}/{pipeline_uuid}/steps/{step_uuid}/test_reports/test_cases`, 'GET', `/pipelines/${uuid}/steps/${step}/test_reports/test_cases`);
    expect(cases.status).toBe(200);
    expect(JSON.parse(cases.text).values.length).toBeGreaterThan(0);
    expect((await call(`${P}/{pipeline_uuid}`, 'GET', `/pipelines/${uuid}`)).json).toMatchObject({ state: { name: 'COMPLETED' } });
  });

  it('injected faults: 429 and 503 carry the standard error body', async () => {
    sim.faults.rateLimit('GET', /\/refs\/branches\//, 1, 7);
    const limited = await call(`${REPO}/refs/branches/{name}`, 'GET', '/refs/branches/main');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sim.faults.fail('GET', /\/environments$/, 503);
    expect((await call(`${REPO}/environments`, 'GET', '/environments')).status).toBe(503);
  });

  it('covered every operation the client uses', () => {
    const ops = new Set(checked.map((c) => c.split(' ').slice(0, 2).join(' ')));
    for (const op of [
      `GET ${REPO}`,
      `GET ${REPO}/refs/branches/{name}`,
      `GET ${REPO}/commit/{commit}`,
      `GET ${REPO}/src/{commit}/{path}`,
      `POST ${REPO}/src`,
      `GET ${REPO}/pipelines_config`,
      `GET ${REPO}/environments`,
      `GET ${REPO}/pullrequests`,
      `POST ${REPO}/pullrequests`,
      `GET ${REPO}/pipelines_config/variables`,
      `POST ${REPO}/pipelines_config/variables`,
      `PUT ${REPO}/pipelines_config/variables/{variable_uuid}`,
    ]) {
      expect(ops, op).toContain(op);
    }
  });
});
