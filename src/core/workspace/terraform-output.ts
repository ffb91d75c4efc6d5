// Reads the identity IDs back from what the admin pastes after `terraform
// apply`: the whole `terraform output -json`, or just the one output
// (`terraform output -json bitbucket-identities`, or `-raw bitbucket-identity`).
// The text is bounded before it is parsed, every ID is checked like the
// repository page checks one, and every refusal says what to paste instead.
import { quoteForMessage } from '../quote';
import { IDENTITY_OUTPUT } from '../terraform';
import type { FieldError } from '../types';
import { isUidp, validateIdentityId } from '../validation';
import { IDENTITIES_OUTPUT } from './per-repository-terraform';
import type { TerraformShape } from './types';

/** Pasted output larger than this is refused before parsing (about 3,000 repositories fit). */
export const MAX_TERRAFORM_OUTPUT_BYTES = 512 * 1024;

/** Problems listed one by one before the rest are counted. */
const MAX_LISTED = 10;

export interface KnownRepository {
  slug: string;
  repositoryUuid: string;
}

export type IdentityOutput =
  | {
      shape: 'per-repository';
      /** In the order of `repositories`. */
      identityIds: { repositoryUuid: string; slug: string; identityId: string }[];
      /** Output keys that match none of the repositories given. */
      unknownSlugs: string[];
    }
  | { shape: 'single'; identityId: string };

export type IdentityOutputResult = { ok: true; value: IdentityOutput } | { ok: false; error: FieldError };

const FIELD = 'terraformOutput';

function refuse(message: string): IdentityOutputResult {
  return { ok: false, error: { field: FIELD, message } };
}

const PASTE_PER_REPOSITORY = `Run \`terraform output -json\` where you applied the per-repository Terraform and paste all of it.`;
const PASTE_SINGLE = `Run \`terraform output -json\` where you applied the single-identity Terraform and paste all of it.`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/** The value of one output in `terraform output -json`, or undefined when it is not there. */
function outputValue(parsed: Record<string, unknown>, name: string): unknown {
  const output = parsed[name];
  return isRecord(output) && 'value' in output ? output.value : undefined;
}

function perRepository(parsed: unknown, repositories: KnownRepository[]): IdentityOutputResult {
  if (!isRecord(parsed)) return refuse(`This is not the output of the per-repository Terraform (expected an object). ${PASTE_PER_REPOSITORY}`);
  let map: unknown = outputValue(parsed, IDENTITIES_OUTPUT);
  if (map === undefined) {
    if (outputValue(parsed, IDENTITY_OUTPUT) !== undefined) {
      return refuse(`This is the output of the single-identity Terraform ("${IDENTITY_OUTPUT}"). Choose "One identity for the selected repositories", or paste the output of the per-repository Terraform.`);
    }
    // `terraform output -json bitbucket-identities` prints the map alone.
    const values = Object.values(parsed);
    if (values.length === 0 || !values.every((v) => typeof v === 'string')) {
      return refuse(`The output has no "${IDENTITIES_OUTPUT}". ${PASTE_PER_REPOSITORY}`);
    }
    map = parsed;
  }
  if (!isRecord(map)) return refuse(`"${IDENTITIES_OUTPUT}" is not a map of repository slug to identity ID. ${PASTE_PER_REPOSITORY}`);

  const bad: string[] = [];
  const ids = new Map<string, string>();
  for (const [slug, id] of Object.entries(map)) {
    const problem = typeof id === 'string' ? validateIdentityId(id) : { message: 'not text' };
    if (problem) bad.push(`${quoteForMessage(slug)} (${typeof id === 'string' ? quoteForMessage(id) : 'not text'})`);
    else ids.set(slug, (id as string).trim());
  }
  if (bad.length > 0) {
    return refuse(
      `${bad.length === 1 ? 'One value is' : `${bad.length} values are`} not a Chainguard identity ID (40 hex digits, "/", 16 hex digits): ${listed(bad)}. ${PASTE_PER_REPOSITORY}`,
    );
  }
  if (ids.size === 0) return refuse(`"${IDENTITIES_OUTPUT}" is empty: the Terraform created no identities. Select repositories, apply the Terraform again, then paste its output.`);

  const known = new Set(repositories.map((r) => r.slug));
  const identityIds = repositories.filter((r) => ids.has(r.slug)).map((r) => ({ repositoryUuid: r.repositoryUuid, slug: r.slug, identityId: ids.get(r.slug) as string }));
  const unknownSlugs = [...ids.keys()].filter((slug) => !known.has(slug));
  if (identityIds.length === 0) {
    return refuse(`None of the ${ids.size} repositories in the output is in this workspace's inventory (${listed(unknownSlugs.map(quoteForMessage))}). Check that you applied the Terraform generated for this workspace, or rescan it.`);
  }
  return { ok: true, value: { shape: 'per-repository', identityIds, unknownSlugs } };
}

function single(parsed: unknown): IdentityOutputResult {
  let id: unknown = parsed;
  if (isRecord(parsed)) {
    id = outputValue(parsed, IDENTITY_OUTPUT);
    if (id === undefined) {
      if (outputValue(parsed, IDENTITIES_OUTPUT) !== undefined) {
        return refuse(`This is the output of the per-repository Terraform ("${IDENTITIES_OUTPUT}"). Choose "One identity per repository", or paste the output of the single-identity Terraform.`);
      }
      return refuse(`The output has no "${IDENTITY_OUTPUT}". ${PASTE_SINGLE}`);
    }
  }
  if (typeof id !== 'string') return refuse(`"${IDENTITY_OUTPUT}" is not an identity ID. ${PASTE_SINGLE}`);
  const problem = validateIdentityId(id);
  if (problem) return refuse(problem.message);
  return { ok: true, value: { shape: 'single', identityId: id.trim() } };
}

/**
 * The identity IDs in pasted Terraform output, for the shape applied.
 * `repositories` are the ones the IDs may be for (the workspace's inventory).
 */
export function parseIdentityOutput(text: string, shape: TerraformShape, repositories: KnownRepository[]): IdentityOutputResult {
  if (typeof text !== 'string' || text.trim() === '') {
    return refuse(`Nothing was pasted. ${shape === 'single' ? PASTE_SINGLE : PASTE_PER_REPOSITORY}`);
  }
  // Characters first (cheap), then the exact UTF-8 size.
  const bytes = text.length > MAX_TERRAFORM_OUTPUT_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_TERRAFORM_OUTPUT_BYTES) {
    const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
    return refuse(
      `The pasted output is ${kb(bytes)}; at most ${kb(MAX_TERRAFORM_OUTPUT_BYTES)} is read. Paste only \`terraform output -json ${shape === 'single' ? IDENTITY_OUTPUT : IDENTITIES_OUTPUT}\`, or save the repositories in smaller selections.`,
    );
  }
  const trimmed = text.trim();
  // `terraform output -raw bitbucket-identity` prints the bare ID.
  if (shape === 'single' && isUidp(trimmed.toLowerCase()) && !trimmed.startsWith('"')) return single(trimmed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (e) {
    const why = e instanceof Error ? ` (${e.message.slice(0, 120)})` : '';
    return refuse(`The pasted text is not JSON${why}. ${shape === 'single' ? PASTE_SINGLE : PASTE_PER_REPOSITORY}`);
  }
  return shape === 'single' ? single(parsed) : perRepository(parsed, repositories);
}
