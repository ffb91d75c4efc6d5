// What we add: the check step, the manual custom pipeline around it, and a
// whole new bitbucket-pipelines.yml when the repository has none. Rendering
// goes through the yaml library, so every scalar is quoted as YAML needs.
import { Document, visit } from 'yaml';
import type { RepositoryFacts, ResolvedChoices } from '../types';
import { checkStepScript, IDENTITY_VARIABLE_NAME } from './script';

export const CUSTOM_PIPELINE_NAME = 'chainguard-oidc';
export const CHECK_STEP_NAME = 'Chainguard: assume the identity and list repositories';
/**
 * Bitbucket's own default image: it has curl, sha256sum and install, whatever
 * image the rest of the file uses.
 */
export const CHECK_STEP_IMAGE = 'atlassian/default-image:4';

/** Name of the deployment environment the identity trusts, or null for other trust kinds. */
export function trustedEnvironmentName(facts: RepositoryFacts, resolved: ResolvedChoices): string | null {
  const trust = resolved.trust;
  if (trust.kind !== 'environment') return null;
  const wanted = trust.environmentUuid.toLowerCase();
  const env = facts.environments.find((e) => e.uuid.toLowerCase() === wanted);
  return env ? env.name : null;
}

/** The branch the generated check runs on: the trusted branch, else the main branch. */
export function checkBranch(facts: RepositoryFacts, resolved: ResolvedChoices): string {
  return resolved.trust.kind === 'branch' ? resolved.trust.branch : facts.repository.mainBranch;
}

/** The check step as data. Environment trust adds `deployment:`, an image adds the docker service. */
export function checkStep(facts: RepositoryFacts, resolved: ResolvedChoices, version?: string): Record<string, unknown> {
  const step: Record<string, unknown> = { name: CHECK_STEP_NAME, image: CHECK_STEP_IMAGE, oidc: true };
  const env = trustedEnvironmentName(facts, resolved);
  if (env !== null) step.deployment = env;
  if (resolved.image) step.services = ['docker'];
  step.script = checkStepScript(resolved, version);
  return step;
}

/** A pipeline (list of items) holding just the check step. */
export function checkPipeline(facts: RepositoryFacts, resolved: ResolvedChoices, version?: string): unknown[] {
  return [{ step: checkStep(facts, resolved, version) }];
}

// Every character a YAML reader may take as a line break. YAML 1.2 readers break only on \n and \r, but
// YAML 1.1 readers (PyYAML, SnakeYAML 1.x) also break on NEL, LS and PS, which the yaml library leaves plain.
const ANY_LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
const ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/**
 * YAML text of `value`, indented by `indent` spaces per level, never folded.
 * Lines without breaks for any YAML reader: a scalar holding a line break of
 * any kind is double-quoted, with NEL, LS and PS written as the escapes
 * \N, \L and \P (valid in YAML 1.1 and 1.2).
 */
export function renderYamlLines(value: unknown, indent: number): string[] {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && ANY_LINE_BREAK.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Only double-quoted scalars can hold these characters now, and there an escape means the same character.
  const text = doc.toString({ indent, lineWidth: 0, minContentWidth: 0 }).replace(/[\u0085\u2028\u2029]/g, (c) => ESCAPES[c] ?? c);
  return text.replace(/\n$/, '').split('\n');
}

const HEADER = [
  '# Created by Chainguard OIDC for Bitbucket.',
  `# The steps below exchange their Bitbucket OIDC token for a Chainguard token.`,
  `# The identity ID comes from the repository variable ${IDENTITY_VARIABLE_NAME}, set after terraform apply.`,
];

/** A complete new bitbucket-pipelines.yml: the check on the trusted (or main) branch, and the manual pipeline. */
export function newPipelineFile(facts: RepositoryFacts, resolved: ResolvedChoices, version?: string): string {
  const pipeline = checkPipeline(facts, resolved, version);
  const content = {
    pipelines: {
      branches: { [checkBranch(facts, resolved)]: pipeline },
      custom: { [CUSTOM_PIPELINE_NAME]: pipeline },
    },
  };
  return [...HEADER, ...renderYamlLines(content, 2)].join('\n') + '\n';
}

/** Whether a parsed file defines the check pipeline (`pipelines.custom.chainguard-oidc`). */
export function definesCheckPipeline(data: unknown): boolean {
  const custom = (data as { pipelines?: { custom?: unknown } } | null)?.pipelines?.custom;
  return typeof custom === 'object' && custom !== null && Object.hasOwn(custom, CUSTOM_PIPELINE_NAME);
}
