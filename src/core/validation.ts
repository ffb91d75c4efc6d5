// Turns what the admin typed into ResolvedChoices: every rule checked, every
// default filled. Field names in errors equal IdentityChoices field names so
// the UI can put each message next to its input.
import { factsErrors, normalizeFacts } from './facts';
import {
  branchNameProblem,
  chainguardNameProblem,
  deriveIdentityName,
  imageNameProblem,
  imageTagProblem,
} from './names';
import { BUILT_IN_ROLES, DEFAULT_ROLE, isBuiltInRole } from './roles';
import type { FieldError, IdentityChoices, RepositoryFacts, ResolvedChoices, Trust } from './types';
import { quoteForMessage } from './quote';
import { normalizeUuid } from './uuid';
import { chainctlVersionProblem, DEFAULT_CHAINCTL_VERSION, normalizeChainctlVersion } from './pipeline/script';

export const MAX_DESCRIPTION_LENGTH = 512;
export const DEFAULT_IMAGE_TAG = 'latest';

export type ResolveResult = { ok: true; value: ResolvedChoices } | { ok: false; errors: FieldError[] };

// Chainguard's UIDP rule; an identity always has at least one child segment.
const IDENTITY_UIDP = /^[0-9a-f]{40}(?:\/[0-9a-f]{16})+$/;

/** True when `s` (trimmed) is a Chainguard identity ID such as "<40 hex>/<16 hex>". */
export function isUidp(s: string): boolean {
  return IDENTITY_UIDP.test(s.trim());
}

/** Why `s` is not an identity ID the pipeline can use, or null when it is one. */
export function validateIdentityId(s: string): FieldError | null {
  const value = s.trim();
  const field = 'identityId';
  if (value.length === 0) {
    return { field, message: 'The identity ID is empty. Paste the "bitbucket-identity" output of terraform apply.' };
  }
  if (IDENTITY_UIDP.test(value)) return null;
  if (IDENTITY_UIDP.test(value.toLowerCase())) {
    return { field, message: `Identity IDs are lowercase. Use "${value.toLowerCase()}".` };
  }
  return {
    field,
    message:
      'This is not a Chainguard identity ID: it looks like 40 hex digits, "/", 16 hex digits ' +
      '(e.g. 0123…cdef/0123456789abcdef). Paste the "bitbucket-identity" output of terraform apply.',
  };
}

/** Text the admin left empty (or only spaces) counts as "use the default". */
function given(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** A value that must be text but arrived as something else (hostile or buggy caller). */
function notText(field: string, value: unknown): FieldError | null {
  if (value === undefined || value === null || typeof value === 'string') return null;
  return { field, message: `Expected text for ${field}, got ${typeof value}. Reload the page and try again.` };
}

// Line breaks, other control characters and bidi overrides would break the
// "one line" promise or make the Terraform read differently from what it does.
// eslint-disable-next-line no-control-regex
const NOT_ONE_LINE = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/u;
// Half a surrogate pair is not text at all: it cannot be written as UTF-8.
const BROKEN_TEXT = /\p{Cs}/u;

export function descriptionProblem(description: string): string | null {
  if (BROKEN_TEXT.test(description)) {
    return 'The description contains a broken character (half of an emoji or similar). Retype it.';
  }
  if (NOT_ONE_LINE.test(description)) {
    return 'The description must be one line: remove line breaks, tabs and other control characters.';
  }
  const length = [...description].length;
  if (length > MAX_DESCRIPTION_LENGTH) {
    return `The description is ${length} characters long; shorten it to at most ${MAX_DESCRIPTION_LENGTH}.`;
  }
  return null;
}

/** Makes free text (e.g. an environment name) safe for a one-line description. */
export function oneLine(text: string): string {
  return text
    .replace(new RegExp(NOT_ONE_LINE.source, 'gu'), ' ')
    .replace(new RegExp(BROKEN_TEXT.source, 'gu'), '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
}

function defaultDescription(facts: RepositoryFacts, trust: Trust): string {
  const where = `${facts.workspace.slug}/${facts.repository.slug}`;
  let who: string;
  if (trust.kind === 'branch') who = `branch ${oneLine(trust.branch)}`;
  else if (trust.kind === 'repository') who = 'any branch';
  else {
    const env = facts.environments.find((e) => e.uuid === trust.environmentUuid);
    who = `deployment environment ${oneLine(env?.name ?? '') || trust.environmentUuid}`;
  }
  const text = `Bitbucket Pipelines of ${where} (${who}), set up by Chainguard OIDC for Bitbucket`;
  return [...text].slice(0, MAX_DESCRIPTION_LENGTH).join('');
}

function resolveRole(role: unknown, errors: FieldError[]): string {
  if (!given(role)) return DEFAULT_ROLE;
  const name = role.trim();
  if (isBuiltInRole(name)) return name;
  const hint = isBuiltInRole(name.toLowerCase())
    ? `Role names are lowercase: use "${name.toLowerCase()}".`
    : `Choose one of: ${BUILT_IN_ROLES.map((r) => r.name).join(', ')}.`;
  errors.push({ field: 'role', message: `${quoteForMessage(name)} is not a Chainguard built-in role. ${hint}` });
  return name;
}

function resolveTrust(facts: RepositoryFacts, trust: Trust | undefined, errors: FieldError[]): Trust {
  if (trust === undefined || trust === null) return { kind: 'branch', branch: facts.repository.mainBranch };
  if (typeof trust !== 'object') {
    errors.push({ field: 'trust', message: 'Choose who may use the identity: a branch, a deployment environment or the whole repository.' });
    return { kind: 'repository' };
  }
  if (trust.kind === 'repository') return { kind: 'repository' };
  if (trust.kind === 'branch') {
    const typeError = notText('trust.branch', trust.branch);
    if (typeError) {
      errors.push(typeError);
      return trust;
    }
    const branch = (trust.branch ?? '').trim();
    const problem = branchNameProblem(branch);
    if (problem) errors.push({ field: 'trust.branch', message: problem });
    return { kind: 'branch', branch };
  }
  if (trust.kind === 'environment') {
    const field = 'trust.environmentUuid';
    const uuid = typeof trust.environmentUuid === 'string' ? normalizeUuid(trust.environmentUuid) : null;
    const known = facts.environments.find((env) => env.uuid === uuid);
    if (known) return { kind: 'environment', environmentUuid: known.uuid };
    const message =
      facts.environments.length === 0
        ? 'This repository has no deployment environments. Add one under Repository settings → Deployments, or trust a branch instead.'
        : `Choose one of this repository's deployment environments: ${facts.environments.map((e) => oneLine(e.name)).join(', ')}.`;
    errors.push({ field, message });
    return trust;
  }
  errors.push({ field: 'trust', message: 'Choose who may use the identity: a branch, a deployment environment or the whole repository.' });
  return trust;
}

function resolveImage(image: IdentityChoices['image'], errors: FieldError[]): ResolvedChoices['image'] {
  if (image === undefined || image === null) return null;
  const typeErrors = [notText('image.name', image.name), notText('image.tag', image.tag)].filter((e) => e !== null);
  if (typeErrors.length > 0) {
    errors.push(...typeErrors);
    return null;
  }
  const name = (image.name ?? '').trim();
  const tag = given(image.tag) ? image.tag.trim() : DEFAULT_IMAGE_TAG;
  const nameProblem = imageNameProblem(name);
  if (nameProblem) errors.push({ field: 'image.name', message: nameProblem });
  const tagProblem = imageTagProblem(tag);
  if (tagProblem) errors.push({ field: 'image.tag', message: tagProblem });
  return { name, tag };
}

/**
 * Chainguard allows a space in an organization name, but an image reference
 * (cgr.dev/<organization>/<image>:<tag>) cannot hold one: such a name gets an
 * error on the image field rather than a broken `docker pull` line.
 */
function imageReferenceProblem(organization: string): string | null {
  if (!/\s/.test(organization)) return null;
  return (
    `The organization name "${organization}" has a space, and an image reference (cgr.dev/<organization>/<image>) cannot hold one. ` +
    'Leave Image name empty: the check still logs in and lists the repositories.'
  );
}

function resolveChainctlVersion(version: unknown, errors: FieldError[]): string {
  if (version === undefined || version === null) return DEFAULT_CHAINCTL_VERSION;
  const typeError = notText('chainctlVersion', version);
  if (typeError) {
    errors.push(typeError);
    return DEFAULT_CHAINCTL_VERSION;
  }
  const trimmed = normalizeChainctlVersion(version as string);
  if (trimmed === '') return DEFAULT_CHAINCTL_VERSION;
  const problem = chainctlVersionProblem(trimmed);
  if (problem) errors.push({ field: 'chainctlVersion', message: problem });
  return trimmed;
}

/** Validates the choices against the facts and fills every default. */
export function resolveChoices(facts: RepositoryFacts, choices: IdentityChoices): ResolveResult {
  const problems = factsErrors(facts);
  if (problems.length > 0) return { ok: false, errors: problems };
  if (typeof choices !== 'object' || choices === null) {
    return { ok: false, errors: [{ field: 'organization', message: 'No choices were sent. Reload the page and fill in the form again.' }] };
  }
  const f = normalizeFacts(facts);
  const errors: FieldError[] = [];
  for (const field of ['organization', 'identityName', 'role', 'description'] as const) {
    const typeError = notText(field, choices[field]);
    if (typeError) errors.push(typeError);
  }
  if (errors.length > 0) return { ok: false, errors };

  const organization = (choices.organization ?? '').trim();
  const orgProblem = chainguardNameProblem(organization, 'organization name');
  if (orgProblem) errors.push({ field: 'organization', message: orgProblem });

  const identityName = given(choices.identityName) ? choices.identityName.trim() : deriveIdentityName(f.repository.slug);
  const nameProblem = chainguardNameProblem(identityName, 'identity name');
  if (nameProblem) errors.push({ field: 'identityName', message: nameProblem });

  const role = resolveRole(choices.role, errors);
  const trust = resolveTrust(f, choices.trust, errors);

  // Terraform reads every string in Unicode NFC form; normalise now so what
  // the admin sees is what the identity gets.
  const description = (given(choices.description) ? choices.description.trim() : defaultDescription(f, trust)).normalize('NFC');
  const descProblem = descriptionProblem(description);
  if (descProblem) errors.push({ field: 'description', message: descProblem });

  const image = resolveImage(choices.image, errors);
  const referenceProblem = image && organization !== '' ? imageReferenceProblem(organization) : null;
  if (referenceProblem) errors.push({ field: 'image.name', message: referenceProblem });
  const chainctlVersion = resolveChainctlVersion(choices.chainctlVersion, errors);

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { organization, identityName, role, trust, description, image, chainctlVersion } };
}
