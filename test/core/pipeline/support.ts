// Shared helpers for the pipeline tests: sample facts, schema validation with
// Atlassian's schema, and a line diff that proves an edit only added lines.
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { expect } from 'vitest';
import { loginLines } from '../../../src/core/pipeline';
import type { IdentityChoices, PlanResult, RepositoryFacts, StepRef } from '../../../src/core/types';

type Data = Record<string, any>;

export const PROD_ENV_UUID = '{bd715740-c970-486b-b68a-b421ec2a1f8b}';
export const STAGING_ENV_UUID = '{0c715740-c970-486b-b68a-b421ec2a1f8c}';

export const facts: RepositoryFacts = {
  workspace: { slug: 'bbcitest', uuid: '{922e118c-f34f-4226-a897-0e0afbec553d}' },
  repository: { slug: 'web-app', uuid: '{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}', mainBranch: 'main' },
  environments: [
    { uuid: PROD_ENV_UUID, name: 'production' },
    { uuid: STAGING_ENV_UUID, name: 'staging' },
  ],
};

export const branchChoices: IdentityChoices = { organization: 'example.com' };
export const envChoices: IdentityChoices = {
  organization: 'example.com',
  trust: { kind: 'environment', environmentUuid: PROD_ENV_UUID },
};
export const repoChoices: IdentityChoices = { organization: 'example.com', trust: { kind: 'repository' } };

const SHARED = path.resolve(process.cwd(), '../shared');
export const CORPUS_DIR = path.join(SHARED, 'corpus');

export function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.yml'))
    .sort();
}

export function readCorpus(name: string): string {
  return fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8');
}

const schema = JSON.parse(fs.readFileSync(path.join(SHARED, 'reference/bitbucket-pipelines.schema.json'), 'utf8')) as object;
// The schema is draft-07 with definitions under a non-standard "components" key: strict mode refuses it.
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** Schema errors as short strings; empty when the data is valid. */
export function schemaErrors(data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/**
 * Checks `edited` keeps every line of `original`, in order (a line diff with
 * no deletions), and returns the added lines (without line breaks).
 */
export function assertOnlyAdditions(original: string, edited: string): string[] {
  // A last line without a break gets one when lines are appended after it: its
  // bytes stay, so compare lines without their '\r' (CRLF is checked on its own).
  const before = original.split('\n').map((l) => l.replace(/\r$/, ''));
  const after = edited.split('\n').map((l) => l.replace(/\r$/, ''));
  const added: string[] = [];
  let i = 0;
  for (const line of after) {
    if (i < before.length && line === before[i]) i++;
    else added.push(line);
  }
  if (i < before.length) {
    throw new Error(`line ${i + 1} of the original (${JSON.stringify(before[i])}) is missing or out of order in the edited file`);
  }
  expect(after.length - before.length).toBe(added.length);
  return added;
}

export function expectOk(result: PlanResult): Extract<PlanResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a plan, got ${result.error.code}: ${result.error.message}`);
  return result;
}

export function expectError(result: PlanResult, code: string): string {
  if (result.ok) throw new Error(`expected error ${code}, got a plan`);
  expect(result.error.code).toBe(code);
  return result.error.message;
}

export function at(data: unknown, path: (string | number)[]): Data | undefined {
  let value: any = data;
  for (const seg of path) value = value?.[seg];
  return value as Data | undefined;
}

/** Undoes exactly our intended changes on the edited data; what remains must equal the original. */
export function withoutOurChanges(after: Data, before: Data, steps: StepRef[], customName: string | null): Data {
  const login = loginLines({ configureDocker: false });
  for (const ref of steps) {
    const step = at(after, ref.path);
    const old = at(before, ref.path);
    if (!step || !old || step.oidc !== true || old.oidc === true) continue;
    expect(step.script.slice(0, login.length), `login lines of ${ref.id}`).toEqual(login);
    delete step.oidc;
    step.script = step.script.slice(login.length);
  }
  if (customName) {
    delete after.pipelines.custom[customName];
    if (before.pipelines.custom === undefined) delete after.pipelines.custom;
  }
  return after;
}
