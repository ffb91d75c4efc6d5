// One identity and one role binding per repository, written once with
// for_each over a `locals` map. Each repository's values (UUID, main branch,
// environment, name, description, subject pattern) are exactly the ones its
// repository page would generate: they come from claimMatchFor and
// resolveChoices, and the resource only refers to them.
import { attr, block, forObject, map, ref, renderHcl, str, type HclExpr } from '../hcl';
import { ORGANIZATION_ID_REF, organizationLookup, ROLE_ID_REF, roleBindingGuard, roleLookup, versionsTf } from '../terraform';
import type { GeneratedFile } from '../types';
import type { ResolvedRepository } from './selection';
import type { WorkspaceTrust } from './types';
import { headerComments, trustInWords, type WorkspaceRef } from './words';

/** The output map (slug => identity ID) the admin pastes back; the parser reads it by this name. */
export const IDENTITIES_OUTPUT = 'bitbucket-identities';

/** Where each claim's value is kept in a repository's locals entry. */
const CLAIM_FIELDS: Record<string, (repo: ResolvedRepository) => [field: string, value: string]> = {
  repositoryUuid: (r) => ['uuid', r.uuid],
  branchName: (r) => ['main_branch', r.mainBranch],
  deploymentEnvironmentUuid: (r) => ['environment_uuid', r.environmentUuid ?? ''],
};

function claimField(claim: string, repo: ResolvedRepository): [string, string] {
  const field = CLAIM_FIELDS[claim];
  if (!field) throw new Error(`Workspace Terraform: no locals field for claim ${claim} (bug in the generator).`);
  return field(repo);
}

/** The claim names of every repository's claim_match; they agree because the trust kind is one. */
function sharedClaims(repositories: ResolvedRepository[]): string[] {
  const first = repositories[0] as ResolvedRepository;
  const claims = Object.keys(first.match.claims);
  for (const repo of repositories) {
    const same =
      repo.match.issuer === first.match.issuer &&
      repo.match.audience === first.match.audience &&
      Object.keys(repo.match.claimPatterns).length === 0 &&
      Object.keys(repo.match.claims).join() === claims.join();
    // Each claim value must be the one kept in the locals entry, so the
    // resource reads back exactly what the repository page would write.
    if (!same || claims.some((c) => repo.match.claims[c] !== claimField(c, repo)[1])) {
      throw new Error(`Workspace Terraform: the claims of ${repo.slug} do not fit one for_each (bug in the generator).`);
    }
  }
  return claims;
}

function localsEntry(repo: ResolvedRepository, claims: string[]): HclExpr {
  const fields = new Map<string, string>(claims.map((c) => claimField(c, repo)));
  const entries: [string, HclExpr][] = [...fields].sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b)).map(([k, v]) => [k, str(v)]);
  entries.push(['name', str(repo.resolved.identityName)], ['description', str(repo.resolved.description)], ['subject_pattern', str(repo.match.subjectPattern)]);
  return map(entries);
}

const FIELD_ORDER = ['uuid', 'main_branch', 'environment_uuid'];

function mainTf(workspace: WorkspaceRef, trust: WorkspaceTrust, repositories: ResolvedRepository[]): string {
  const first = repositories[0] as ResolvedRepository;
  const claims = sharedClaims(repositories);
  const claimRefs: [string, HclExpr][] = claims.map((c) => [c, ref(`each.value.${claimField(c, first)[0]}`)]);
  return renderHcl([
    ...headerComments(workspace, repositories.length, 'per-repository', trustInWords(trust, null)),
    block('locals', [], [attr('repositories', map(repositories.map((r): [string, HclExpr] => [r.slug, localsEntry(r, claims)])))]),
    organizationLookup(first.resolved.organization),
    block('resource', ['chainguard_identity', 'bitbucket'], [
      attr('for_each', ref('local.repositories')),
      attr('parent_id', ref(ORGANIZATION_ID_REF)),
      attr('name', ref('each.value.name')),
      attr('description', ref('each.value.description')),
      block('claim_match', [], [
        attr('issuer', str(first.match.issuer)),
        attr('audience', str(first.match.audience)),
        attr('subject_pattern', ref('each.value.subject_pattern')),
        ...(claimRefs.length > 0 ? [attr('claims', map(claimRefs))] : []),
      ]),
    ]),
    ...roleLookup(first.resolved.role),
    block('resource', ['chainguard_rolebinding', 'bitbucket'], [
      attr('for_each', ref('chainguard_identity.bitbucket')),
      attr('identity', ref('each.value.id')),
      attr('group', ref(ORGANIZATION_ID_REF)),
      attr('role', ref(ROLE_ID_REF)),
      roleBindingGuard(first.resolved.role),
    ]),
  ]);
}

function outputsTf(): string {
  return renderHcl([
    block('output', [IDENTITIES_OUTPUT], [
      attr(
        'description',
        str('Identity ID of each repository (slug => ID): paste `terraform output -json` into the app to save each as its CHAINGUARD_IDENTITY repository variable.'),
      ),
      attr('value', forObject('chainguard_identity.bitbucket', 'slug', 'identity', 'identity.id')),
    ]),
  ]);
}

/** versions.tf, main.tf and outputs.tf for one identity per repository. */
export function perRepositoryFiles(workspace: WorkspaceRef, trust: WorkspaceTrust, repositories: ResolvedRepository[]): GeneratedFile[] {
  return [
    { path: 'versions.tf', content: versionsTf() },
    { path: 'main.tf', content: mainTf(workspace, trust, repositories) },
    { path: 'outputs.tf', content: outputsTf() },
  ];
}
