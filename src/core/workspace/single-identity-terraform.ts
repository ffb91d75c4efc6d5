// One identity for all selected repositories. Its claim_match accepts a token
// exactly when the repository page's identity of one of those repositories
// would: the subject is an anchored alternation over the repositories (paired
// with their environment for environment trust), repositoryUuid and the
// environment become anchored alternations too, and claims every repository
// shares stay exact. A claim that differs between repositories and is not
// pinned by the subject (the main branch) cannot be shared safely: refused.
import { anyOfLiterals, anyStepOfRepositories, stepsOfEnvironments } from '../trust';
import { attr, block, comment, ref, renderHcl, str, type HclItem } from '../hcl';
import { chainguardNameProblem, deriveIdentityName } from '../names';
import { quoteForMessage } from '../quote';
import { claimMatchBlock, IDENTITY_OUTPUT, ORGANIZATION_ID_REF, organizationLookup, ROLE_ID_REF, roleBindingGuard, roleLookup, versionsTf } from '../terraform';
import type { ClaimMatch, FieldError, GeneratedFile } from '../types';
import { descriptionProblem, MAX_DESCRIPTION_LENGTH } from '../validation';
import { WORKSPACE_TERRAFORM_LIMITS, type ResolvedRepository } from './selection';
import type { WorkspaceTerraformChoices } from './types';
import { headerComments, trustInWords, type WorkspaceRef } from './words';

/** Claims the subject pins to each repository, so they may differ between repositories. */
const PINNED_BY_SUBJECT = new Set(['repositoryUuid', 'deploymentEnvironmentUuid']);

type Built<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** The shared claim_match, or why these repositories cannot share one identity. */
export function sharedClaimMatch(repositories: ResolvedRepository[]): Built<ClaimMatch> {
  const first = repositories[0] as ResolvedRepository;
  const claims: Record<string, string> = {};
  const claimPatterns: Record<string, string> = {};
  for (const claim of Object.keys(first.match.claims)) {
    const values = [...new Set(repositories.map((r) => r.match.claims[claim] as string))];
    if (PINNED_BY_SUBJECT.has(claim)) claimPatterns[claim] = anyOfLiterals(values);
    else if (values.length === 1) claims[claim] = values[0] as string;
    else {
      const counted = values.map((v) => [v, repositories.filter((r) => r.match.claims[claim] === v).length] as const);
      counted.sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
      const counts = counted.map(([v, n]) => `${quoteForMessage(v)} (${n})`).join(', ');
      const message =
        claim === 'branchName'
          ? `The selected repositories have different main branches: ${counts}. One identity can only pin one branch. Choose one identity per repository, or select repositories with the same main branch.`
          : `The selected repositories differ in claim ${claim}: ${counts}. Choose one identity per repository.`;
      return { ok: false, errors: [{ field: 'trust', message }] };
    }
  }
  const uuids = repositories.map((r) => r.uuid);
  const environmentTrust = first.environmentUuid !== null;
  const subjectPattern = environmentTrust
    ? stepsOfEnvironments(repositories.map((r) => ({ repositoryUuid: r.uuid, environmentUuid: r.environmentUuid as string })))
    : anyStepOfRepositories(uuids);
  return { ok: true, value: { issuer: first.match.issuer, audience: first.match.audience, subjectPattern, claims, claimPatterns } };
}

function defaultDescription(workspace: WorkspaceRef, count: number, who: string): string {
  const text = `Bitbucket Pipelines of ${count} ${count === 1 ? 'repository' : 'repositories'} in ${workspace.slug} (${who}), set up by Chainguard OIDC for Bitbucket`;
  return [...text].slice(0, MAX_DESCRIPTION_LENGTH).join('');
}

interface SingleIdentity {
  name: string;
  description: string;
  match: ClaimMatch;
  who: string;
}

function resolveIdentity(workspace: WorkspaceRef, choices: WorkspaceTerraformChoices, repositories: ResolvedRepository[]): Built<SingleIdentity> {
  const errors: FieldError[] = [];
  const limit = WORKSPACE_TERRAFORM_LIMITS.maxRepositoriesPerIdentity;
  if (repositories.length > limit) {
    errors.push({
      field: 'repositories',
      message: `One identity can trust at most ${limit} repositories (its patterns grow with each); ${repositories.length} are selected. Choose one identity per repository, or select fewer (e.g. one project).`,
    });
  }
  const given = (s: string | undefined) => (typeof s === 'string' && s.trim() !== '' ? s.trim() : null);
  const name = given(choices.identityName) ?? deriveIdentityName(workspace.slug);
  const nameProblem = chainguardNameProblem(name, 'identity name');
  if (nameProblem) errors.push({ field: 'identityName', message: nameProblem });
  const match = sharedClaimMatch(repositories);
  if (!match.ok) errors.push(...match.errors);
  const branch = match.ok ? (match.value.claims.branchName ?? null) : null;
  const who = trustInWords(choices.trust, branch);
  const description = (given(choices.description) ?? defaultDescription(workspace, repositories.length, who)).normalize('NFC');
  const descProblem = descriptionProblem(description);
  if (descProblem) errors.push({ field: 'description', message: descProblem });
  if (errors.length > 0 || !match.ok) return { ok: false, errors };
  return { ok: true, value: { name, description, match: match.value, who } };
}

function trustedList(repositories: ResolvedRepository[]): HclItem[] {
  return [
    comment('Trusted repositories (slug, UUID):'),
    ...repositories.map((r) => comment(`  ${r.slug} ${r.uuid}${r.environmentUuid ? ` environment ${r.environmentUuid}` : ''}`)),
  ];
}

function mainTf(workspace: WorkspaceRef, repositories: ResolvedRepository[], identity: SingleIdentity): string {
  const first = repositories[0] as ResolvedRepository;
  return renderHcl([
    ...headerComments(workspace, repositories.length, 'single', identity.who),
    ...trustedList(repositories),
    organizationLookup(first.resolved.organization),
    block('resource', ['chainguard_identity', 'bitbucket'], [
      attr('parent_id', ref(ORGANIZATION_ID_REF)),
      attr('name', str(identity.name)),
      attr('description', str(identity.description)),
      claimMatchBlock(identity.match),
    ]),
    ...roleLookup(first.resolved.role),
    block('resource', ['chainguard_rolebinding', 'bitbucket'], [
      attr('identity', ref('chainguard_identity.bitbucket.id')),
      attr('group', ref(ORGANIZATION_ID_REF)),
      attr('role', ref(ROLE_ID_REF)),
      roleBindingGuard(first.resolved.role),
    ]),
  ]);
}

function outputsTf(): string {
  return renderHcl([
    block('output', [IDENTITY_OUTPUT], [
      attr('description', str('Identity ID: save it in the app as the CHAINGUARD_IDENTITY workspace variable (a repository variable overrides it).')),
      attr('value', ref('chainguard_identity.bitbucket.id')),
    ]),
  ]);
}

/** versions.tf, main.tf and outputs.tf for one identity shared by the repositories, or why not. */
export function singleIdentityFiles(
  workspace: WorkspaceRef,
  choices: WorkspaceTerraformChoices,
  repositories: ResolvedRepository[],
): Built<GeneratedFile[]> {
  const identity = resolveIdentity(workspace, choices, repositories);
  if (!identity.ok) return identity;
  return {
    ok: true,
    value: [
      { path: 'versions.tf', content: versionsTf() },
      { path: 'main.tf', content: mainTf(workspace, repositories, identity.value) },
      { path: 'outputs.tf', content: outputsTf() },
    ],
  };
}
