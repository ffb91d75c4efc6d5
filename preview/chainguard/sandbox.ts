// A Chainguard sandbox for the preview: "terraform apply" for the Terraform the
// page generates, and the token exchange chainctl performs, with no Chainguard
// account. It reads the Terraform with HashiCorp's own parser (@cdktf/hcl2json)
// and deliberately does NOT import the app's trust code (src/core): it is an
// independent model of Chainguard's STS, so a mistake in our generator shows
// up here as a refused token instead of being repeated.
//
// The model (notes/chainguard.md §2): issuer and audience exact; the subject
// exact, or subject_pattern matched in full (anchored, as Chainguard's sibling
// STS octo-sts compiles "^" + pattern + "$"); `claims` exact; each
// `claim_patterns` entry matched in full against the claim; a missing claim
// fails. The role must be one that can list the organization's repositories.
import { createHash, randomBytes } from 'node:crypto';
import { parse } from '@cdktf/hcl2json';
import type { ChainguardBackend, StepTokenClaims } from '../simulator/pipeline-runner';

export interface SandboxIdentity {
  id: string;
  name: string;
  organization: string;
  issuer: string | null;
  issuerPattern: string | null;
  audience: string | null;
  audiencePattern: string | null;
  subject: string | null;
  subjectPattern: string | null;
  claims: Record<string, string>;
  claimPatterns: Record<string, string>;
  /** Built-in role bound to the identity in its organization; null when there is no binding. */
  role: string | null;
}

export type ApplyResult = { ok: true; identityId: string; identity: SandboxIdentity } | { ok: false; error: string };

/** Built-in roles whose capabilities include listing repositories (sdk proto/capabilities/roles.go, notes/chainguard.md §3). */
export const ROLES_THAT_LIST_REPOSITORIES = new Set([
  'owner',
  'editor',
  'viewer',
  'console_viewer',
  'limited_owner',
  'registry.pull',
  'registry.push',
  'registry.pull_token_creator',
]);

/** Bigger than the STS would take; a pasted file is a few kilobytes. */
export const MAX_TERRAFORM_BYTES = 256 * 1024;

const ISSUER = 'https://issuer.enforce.dev';

type Body = Record<string, unknown>;

/** hcl2json writes a literal "${" as "$${" and "%{" as "%%{" (Terraform's JSON syntax); undo that. */
function literal(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (/(^|[^$])\$\{/.test(value)) return null; // an interpolation, not a literal
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function literalMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${field} must be a map of strings.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const text = literal(v);
    if (text === null) throw new Error(`${field}.${k} must be a plain string.`);
    out[k] = text;
  }
  return out;
}

function only(section: unknown, type: string, what: string): [string, Body] {
  const byName = (section as Record<string, Record<string, Body[]>> | undefined)?.[type];
  const entries = byName ? Object.entries(byName) : [];
  if (entries.length !== 1) throw new Error(`Expected exactly one ${what} (${type}); found ${entries.length}.`);
  const [name, bodies] = entries[0] as [string, Body[]];
  return [name, bodies[0] as Body];
}

/** A UIDP: 40 hex for a root group, /16 hex per level below it. */
function organizationId(name: string): string {
  return createHash('sha1').update(`organization:${name}`).digest('hex');
}

/** Anchored full match, as octo-sts compiles patterns; a pattern JavaScript cannot read never matches. */
function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern.trim()})$`).test(value);
  } catch {
    return false;
  }
}

export class ChainguardSandbox implements ChainguardBackend {
  readonly identities = new Map<string, SandboxIdentity>();
  /** Repositories each organization holds (names), for `chainctl images repos list`. */
  repositoriesPerOrganization = ['python', 'node', 'nginx'];

  /** "terraform apply": the identity ID, as the bitbucket-identity output prints it. */
  async apply(terraform: string): Promise<ApplyResult> {
    if (Buffer.byteLength(terraform, 'utf8') > MAX_TERRAFORM_BYTES) {
      return { ok: false, error: `The Terraform is larger than ${MAX_TERRAFORM_BYTES / 1024} KiB; paste the generated files only.` };
    }
    let parsed: Body;
    try {
      parsed = (await parse('main.tf', terraform)) as Body;
    } catch (error) {
      return { ok: false, error: `terraform: the text does not parse: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      const identity = this.identityFrom(parsed);
      this.identities.set(identity.id, identity);
      return { ok: true, identityId: identity.id, identity };
    } catch (error) {
      return { ok: false, error: `terraform: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private identityFrom(parsed: Body): SandboxIdentity {
    const [groupName, group] = only(parsed.data, 'chainguard_group', 'organization lookup');
    const organization = literal(group.name);
    if (organization === null) throw new Error('data.chainguard_group needs a literal name.');
    const [identityName, identity] = only(parsed.resource, 'chainguard_identity', 'identity');
    if (identity.parent_id !== `\${data.chainguard_group.${groupName}.id}`) {
      throw new Error(`chainguard_identity.${identityName}.parent_id must be data.chainguard_group.${groupName}.id.`);
    }
    const match = (identity.claim_match as Body[] | undefined)?.[0];
    if (!match) throw new Error(`chainguard_identity.${identityName} has no claim_match block.`);
    const id = `${organizationId(organization)}/${randomBytes(8).toString('hex')}`;
    return {
      id,
      name: literal(identity.name) ?? identityName,
      organization,
      issuer: literal(match.issuer),
      issuerPattern: literal(match.issuer_pattern),
      audience: literal(match.audience),
      audiencePattern: literal(match.audience_pattern),
      subject: literal(match.subject),
      subjectPattern: literal(match.subject_pattern),
      claims: literalMap(match.claims, 'claim_match.claims'),
      claimPatterns: literalMap(match.claim_patterns, 'claim_match.claim_patterns'),
      role: this.boundRole(parsed, identityName, groupName),
    };
  }

  /** The built-in role bound to the identity in the organization, following a local that filters the role lookup. */
  private boundRole(parsed: Body, identityName: string, groupName: string): string | null {
    const bindings = Object.values((parsed.resource as Record<string, Record<string, Body[]>>).chainguard_rolebinding ?? {}).map((b) => b[0] as Body);
    const binding = bindings.find((b) => b.identity === `\${chainguard_identity.${identityName}.id}` && b.group === `\${data.chainguard_group.${groupName}.id}`);
    if (!binding || typeof binding.role !== 'string') return null;
    const roles = (parsed.data as Record<string, Record<string, Body[]>>).chainguard_role ?? {};
    let expression = binding.role;
    // role = local.x[0], where local.x is built from data.chainguard_role.<name>.items
    const local = /^\$\{local\.([A-Za-z0-9_-]+)/.exec(expression)?.[1];
    if (local !== undefined) {
      const locals = (parsed.locals as Body[] | undefined) ?? [];
      const value = locals.map((l) => l[local]).find((v) => typeof v === 'string');
      if (typeof value !== 'string') return null;
      expression = value;
    }
    const roleName = /data\.chainguard_role\.([A-Za-z0-9_-]+)\.items/.exec(expression)?.[1];
    const role = roleName === undefined ? undefined : roles[roleName]?.[0];
    return role ? literal(role.name) : null;
  }

  exchange(identityId: string, token: StepTokenClaims): { ok: true; output: string } | { ok: false; output: string } {
    const refuse = (desc: string) => ({
      ok: false as const,
      // chainctl's wrapper (sdk sts/sts.go: `exchanging token with %q: %w`) around grpc-go's status text.
      output: `Error: exchanging token with "${ISSUER}": rpc error: code = PermissionDenied desc = ${desc}`,
    });
    const identity = this.identities.get(identityId.trim());
    // UNCONFIRMED wording: what the STS says for an identity it does not know.
    if (!identity) return refuse(`unable to assume identity ${JSON.stringify(identityId.trim())}: no such identity`);
    const invalid = (claim: string, value: unknown) => refuse(`token has invalid ${JSON.stringify(claim)}: ${String(value ?? '')}`);
    if (identity.issuer !== null ? identity.issuer !== token.iss : !fullMatch(identity.issuerPattern ?? '', token.iss)) return invalid('iss', token.iss);
    if (identity.audience !== null && identity.audience !== token.aud) return invalid('aud', token.aud);
    if (identity.audiencePattern !== null && !fullMatch(identity.audiencePattern, token.aud)) return invalid('aud', token.aud);
    if (identity.audience === null && identity.audiencePattern === null && token.aud !== 'issuer.enforce.dev') return invalid('aud', token.aud);
    if (identity.subject !== null ? identity.subject !== token.sub : !fullMatch(identity.subjectPattern ?? '', token.sub)) return invalid('sub', token.sub);
    const claims = token as unknown as Record<string, unknown>;
    for (const [claim, wanted] of Object.entries(identity.claims)) {
      if (typeof claims[claim] !== 'string' || claims[claim] !== wanted) return invalid(claim, claims[claim]);
    }
    for (const [claim, pattern] of Object.entries(identity.claimPatterns)) {
      if (typeof claims[claim] !== 'string' || !fullMatch(pattern, claims[claim] as string)) return invalid(claim, claims[claim]);
    }
    // chainctl's success lines (edu bitbucket-identity.md lines 247-248).
    return { ok: true, output: `Successfully exchanged token.\nValid! Id: ${identity.id}` };
  }

  listRepositories(identityId: string, organization: string): { ok: true; ids: string[] } | { ok: false; output: string } {
    const identity = this.identities.get(identityId.trim());
    // UNCONFIRMED wording for a denied listing; the status is gRPC PermissionDenied.
    const denied = { ok: false as const, output: 'Error: rpc error: code = PermissionDenied desc = permission denied' };
    if (!identity || identity.role === null || !ROLES_THAT_LIST_REPOSITORIES.has(identity.role)) return denied;
    if (identity.organization !== organization) return denied;
    const org = organizationId(organization);
    return { ok: true, ids: this.repositoriesPerOrganization.map((name) => `${org}/${createHash('sha1').update(name).digest('hex').slice(0, 16)}`) };
  }
}
