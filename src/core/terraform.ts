// Terraform for a Chainguard assumable identity that Bitbucket Pipelines of
// one repository may assume, bound to one role in the organization.
// Names follow the provider schema (notes/chainguard.md §1): note the data
// source is `chainguard_role` (singular; many docs wrongly say `_roles`).
import { normalizeFacts } from './facts';
import { attr, block, comment, expr, map, ref, renderHcl, str, type HclExpr, type HclItem } from './hcl';
import { claimMatchFor } from './trust';
import type { ClaimMatch, GeneratedFile, IdentityChoices, RepositoryFacts, ResolvedChoices, TerraformResult } from './types';
import { resolveChoices } from './validation';

/**
 * The provider release whose schema this generator was checked against
 * (shared/reference/chainguard-provider-schema.json, v0.4.1): patch releases
 * only. Later minors are unchecked, and 0.3.0 already changed the IAM API underneath.
 */
export const CHAINGUARD_PROVIDER_VERSION = '~> 0.4.1';
/** `precondition` in a resource's lifecycle needs Terraform 1.2. */
export const TERRAFORM_VERSION = '>= 1.2';

/** The output the admin pastes back into the app; the UI names it, keep it stable. */
export const IDENTITY_OUTPUT = 'bitbucket-identity';

/** versions.tf: the provider requirement every generated configuration shares. */
export function versionsTf(): string {
  return renderHcl([
    comment('chainguard ~> 0.4.1: the provider release (v0.4.1) whose schema this file was generated and checked against;'),
    comment('patch releases only. Later versions are unchecked: raise it after checking their schema.'),
    block('terraform', [], [
      attr('required_version', str(TERRAFORM_VERSION)),
      block('required_providers', [], [
        attr(
          'chainguard',
          map([
            ['source', str('chainguard-dev/chainguard')],
            ['version', str(CHAINGUARD_PROVIDER_VERSION)],
          ]),
        ),
      ]),
    ]),
  ]);
}

/** The organization the identities live in, and how they refer to it. */
export const ORGANIZATION_ID_REF = 'data.chainguard_group.org.id';

// parent_id "/" limits the lookup to root groups (organizations), so a
// folder with the same name cannot make it ambiguous or pick the wrong group.
export function organizationLookup(organization: string): HclItem {
  return block('data', ['chainguard_group', 'org'], [attr('name', str(organization)), attr('parent_id', str('/'))]);
}

/** The role the bindings grant, and how they refer to it: only the built-in role of that name. */
export const ROLE_ID_REF = 'local.built_in_role_ids[0]';

/**
 * The role lookup. The provider's chainguard_role lists every visible role with
 * this name (data_source_role.go, v0.4.1: `parent` "/" filters nothing), so an
 * organization's own role named like a built-in could come first in items.
 * Built-in roles sit at the root, so their ID has no "/"; an organization's own
 * roles have IDs under the organization's (org-id/role-id). Pair it with
 * roleBindingGuard on every binding that uses ROLE_ID_REF.
 */
export function roleLookup(role: string): HclItem[] {
  return [
    block('data', ['chainguard_role', 'role'], [attr('name', str(role))]),
    block('locals', [], [
      comment('Only the built-in role: built-in roles sit at the root, so their ID has no "/";'),
      comment("an organization's own roles have IDs under the organization's (org-id/role-id)."),
      attr('built_in_role_ids', expr('[for r in data.chainguard_role.role.items : r.id if length(split("/", r.id)) == 1]')),
    ]),
  ];
}

/** Fails `terraform plan` unless exactly one built-in role has the name, instead of binding the wrong one. */
export function roleBindingGuard(role: string): HclItem {
  return block('lifecycle', [], [
    block('precondition', [], [
      attr('condition', expr('length(local.built_in_role_ids) == 1')),
      attr('error_message', str(`Expected exactly one built-in Chainguard role named ${JSON.stringify(role)}; check the role name.`)),
    ]),
  ]);
}

/** A claim_match block with the literal values of `match`. */
export function claimMatchBlock(match: ClaimMatch): HclItem {
  const asMap = (record: Record<string, string>): HclExpr =>
    map(Object.entries(record).map(([k, v]): [string, HclExpr] => [k, str(v)]));
  const body: HclItem[] = [
    attr('issuer', str(match.issuer)),
    attr('audience', str(match.audience)),
    attr('subject_pattern', str(match.subjectPattern)),
  ];
  // The provider treats an empty map like an absent one; leave empty ones out.
  if (Object.keys(match.claims).length > 0) body.push(attr('claims', asMap(match.claims)));
  if (Object.keys(match.claimPatterns).length > 0) body.push(attr('claim_patterns', asMap(match.claimPatterns)));
  return block('claim_match', [], body);
}

function trustInWords(facts: RepositoryFacts, resolved: ResolvedChoices): string {
  const trust = resolved.trust;
  if (trust.kind === 'repository') return 'any step of the repository, on any branch';
  if (trust.kind === 'branch') return `steps running on branch ${trust.branch}`;
  const env = facts.environments.find((e) => e.uuid === trust.environmentUuid);
  return `deployment steps to environment ${env?.name ?? ''} ${trust.environmentUuid}`;
}

function mainTf(facts: RepositoryFacts, resolved: ResolvedChoices): string {
  const match = claimMatchFor(facts, resolved);
  return renderHcl([
    comment(`Chainguard identity for Bitbucket Pipelines of ${facts.workspace.slug}/${facts.repository.slug}`),
    comment(`(workspace ${facts.workspace.uuid}, repository ${facts.repository.uuid}).`),
    comment(`Who may assume it: ${trustInWords(facts, resolved)}.`),
    comment('Generated by Chainguard OIDC for Bitbucket. Run terraform init, then terraform plan to check what it creates, then terraform apply.'),
    organizationLookup(resolved.organization),
    block('resource', ['chainguard_identity', 'bitbucket'], [
      attr('parent_id', ref(ORGANIZATION_ID_REF)),
      attr('name', str(resolved.identityName)),
      attr('description', str(resolved.description)),
      claimMatchBlock(match),
    ]),
    ...roleLookup(resolved.role),
    block('resource', ['chainguard_rolebinding', 'bitbucket'], [
      attr('identity', ref('chainguard_identity.bitbucket.id')),
      attr('group', ref(ORGANIZATION_ID_REF)),
      attr('role', ref(ROLE_ID_REF)),
      roleBindingGuard(resolved.role),
    ]),
  ]);
}

function outputsTf(): string {
  return renderHcl([
    block('output', [IDENTITY_OUTPUT], [
      attr('description', str('Identity ID: save it in the app as the CHAINGUARD_IDENTITY repository variable.')),
      attr('value', ref('chainguard_identity.bitbucket.id')),
    ]),
  ]);
}

/** Terraform files for the choices, or the validation errors. */
export function generateTerraform(facts: RepositoryFacts, choices: IdentityChoices): TerraformResult {
  const resolved = resolveChoices(facts, choices);
  if (!resolved.ok) return { ok: false, errors: resolved.errors };
  const f = normalizeFacts(facts);
  const files: GeneratedFile[] = [
    { path: 'versions.tf', content: versionsTf() },
    { path: 'main.tf', content: mainTf(f, resolved.value) },
    { path: 'outputs.tf', content: outputsTf() },
  ];
  return { ok: true, files };
}
