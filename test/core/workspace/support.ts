// Reads the workspace Terraform back through HashiCorp's parser (hcl2json)
// and evaluates what Terraform would: each for_each instance's claim_match
// with `each.value.*` taken from the locals map. Tests then check those
// identities with sample tokens, so they test the file, not the generator's model.
import type { ClaimMatch, GeneratedFile } from '../../../src/core/types';
import { readHcl } from '../hcl2json';

/** The literal a hcl2json string stands for (inverse of asJsonString). */
export function fromJsonString(value: string): string {
  return value.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

export function fileOf(files: GeneratedFile[], path: string): string {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path}`);
  return found.content;
}

type Body = Record<string, unknown>;
const EACH_VALUE = /^\$\{each\.value\.([a-z_]+)\}$/;

export interface EvaluatedIdentity {
  name: string;
  description: string;
  parentId: string;
  match: ClaimMatch;
}

function evaluate(value: unknown, each: Body | null): string {
  if (typeof value !== 'string') throw new Error(`not a string: ${JSON.stringify(value)}`);
  const field = EACH_VALUE.exec(value);
  if (field) {
    if (!each) throw new Error(`each.value outside for_each: ${value}`);
    if (!(field[1]! in each)) throw new Error(`each.value.${field[1]} is not in the locals entry`);
    return fromJsonString(each[field[1]!] as string);
  }
  if (value.includes('${')) throw new Error(`unexpected interpolation: ${value}`);
  return fromJsonString(value);
}

function evaluateMap(value: unknown, each: Body | null): Record<string, string> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value as Body).map(([k, v]) => [k, evaluate(v, each)]));
}

function identityOf(body: Body, each: Body | null): EvaluatedIdentity {
  const cm = (body.claim_match as Body[])[0]!;
  return {
    name: evaluate(body.name, each),
    description: evaluate(body.description, each),
    parentId: body.parent_id as string,
    match: {
      issuer: evaluate(cm.issuer, each),
      audience: evaluate(cm.audience, each),
      subjectPattern: evaluate(cm.subject_pattern, each),
      claims: evaluateMap(cm.claims, each),
      claimPatterns: evaluateMap(cm.claim_patterns, each),
    },
  };
}

export async function parseMain(files: GeneratedFile[]): Promise<Body> {
  return readHcl('main.tf', fileOf(files, 'main.tf'));
}

/** Per-repository shape: slug → the identity Terraform would create for it. */
export function perRepositoryIdentities(parsed: Body): Map<string, EvaluatedIdentity> {
  const locals = (parsed.locals as Body[])[0]!.repositories as Record<string, Body>;
  const body = ((parsed.resource as Body).chainguard_identity as Record<string, Body[]>).bitbucket![0]!;
  if (body.for_each !== '${local.repositories}') throw new Error(`for_each is ${JSON.stringify(body.for_each)}`);
  return new Map(Object.entries(locals).map(([slug, each]) => [slug, identityOf(body, each)]));
}

/** Single shape: the one identity. */
export function singleIdentity(parsed: Body): EvaluatedIdentity {
  const body = ((parsed.resource as Body).chainguard_identity as Record<string, Body[]>).bitbucket![0]!;
  if ('for_each' in body) throw new Error('the single identity must not use for_each');
  return identityOf(body, null);
}
