// Turns a selection of repositories and the choices made once into what each
// repository's identity would be on its own repository page: the same
// validation (resolveChoices) and the same claim_match (claimMatchFor). Both
// Terraform shapes are built from these, so no trust rule lives here.
import { findEnvironment } from '../environment-name';
import { claimMatchFor } from '../trust';
import type { ClaimMatch, FieldError, RepositoryFacts, ResolvedChoices, Trust } from '../types';
import { normalizeUuid } from '../uuid';
import { resolveChoices } from '../validation';
import { quoteForMessage } from '../quote';
import type { WorkspaceRepository, WorkspaceTerraformInput, WorkspaceTrust } from './types';

/** Bounds on one generation, checked before any per-repository work. */
export const WORKSPACE_TERRAFORM_LIMITS = {
  /** Repositories in one configuration (the workspace page's bulk limit). */
  maxRepositories: 3_000,
  /**
   * Repositories one shared identity may trust. Each adds about 40 characters
   * to two patterns; Chainguard documents no pattern limit (unverified), so we
   * stay at ~42 KB per pattern and say what to do beyond it.
   */
  maxRepositoriesPerIdentity: 1_000,
} as const;

/** Choices made once for all repositories: their errors are reported once. */
const SHARED_FIELDS = new Set(['organization', 'role']);

/** Problems listed one by one before the rest are counted. */
const MAX_LISTED = 10;

export interface ResolvedRepository {
  slug: string;
  /** Canonical braced lowercase UUID. */
  uuid: string;
  mainBranch: string;
  /** The trusted environment's canonical UUID (environment trust only). */
  environmentUuid: string | null;
  resolved: ResolvedChoices;
  /** Exactly what the repository page would write for this repository. */
  match: ClaimMatch;
}

export type SelectionResult = { ok: true; repositories: ResolvedRepository[] } | { ok: false; errors: FieldError[] };

function listed(problems: string[]): string {
  const shown = problems.slice(0, MAX_LISTED).join('; ');
  const more = problems.length - MAX_LISTED;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

function trustFor(repo: WorkspaceRepository, trust: WorkspaceTrust): Trust | string {
  switch (trust.kind) {
    case 'main-branch':
      return { kind: 'branch', branch: repo.mainBranch };
    case 'repository':
      return { kind: 'repository' };
    case 'environment': {
      if (repo.environments === undefined) return 'its deployment environments were not read';
      // The one name rule (trimmed, exact first, else ignoring case), shared with the bulk pull requests.
      const found = findEnvironment(repo.environments, trust.environmentName);
      return found.ok ? { kind: 'environment', environmentUuid: found.environment.uuid } : found.reason;
    }
  }
}

function trustProblem(trust: unknown): FieldError | null {
  const t = trust as Partial<WorkspaceTrust> | null;
  if (t === null || typeof t !== 'object' || !['main-branch', 'repository', 'environment'].includes(t.kind as string)) {
    return { field: 'trust', message: 'Choose who may use the identities: the main branch, a deployment environment or any step of each repository.' };
  }
  if (t.kind === 'environment' && (typeof t.environmentName !== 'string' || t.environmentName.trim() === '')) {
    return { field: 'trust.environmentName', message: 'Enter the name of the deployment environment, e.g. "Production".' };
  }
  return null;
}

/** Deduplicated by UUID, sorted by slug: the same selection always gives the same files. */
function canonicalSelection(repositories: WorkspaceRepository[]): WorkspaceRepository[] {
  const byUuid = new Map<string, WorkspaceRepository>();
  for (const repo of repositories) byUuid.set(normalizeUuid(repo.uuid) ?? repo.uuid, repo);
  return [...byUuid.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** Validates the selection and the choices; every repository resolved as its own page would. */
export function resolveSelection(input: WorkspaceTerraformInput): SelectionResult {
  const { workspace, choices } = input;
  const fail = (field: string, message: string): SelectionResult => ({ ok: false, errors: [{ field, message }] });
  if (!Array.isArray(input.repositories) || input.repositories.length === 0) {
    return fail('repositories', 'No repositories are selected. Select the repositories the Terraform is for.');
  }
  const limit = WORKSPACE_TERRAFORM_LIMITS.maxRepositories;
  if (input.repositories.length > limit) {
    return fail('repositories', `${input.repositories.length} repositories are selected; one configuration covers at most ${limit}. Select fewer, e.g. one project at a time.`);
  }
  const trustError = trustProblem(choices.trust);
  if (trustError) return { ok: false, errors: [trustError] };

  const selection = canonicalSelection(input.repositories);
  const errors = new Map<string, FieldError>();
  const repoProblems: string[] = [];
  const slugs = new Set<string>();
  const repositories: ResolvedRepository[] = [];
  for (const repo of selection) {
    const name = quoteForMessage(String(repo.slug));
    if (slugs.has(repo.slug)) {
      repoProblems.push(`${name} is selected twice with different UUIDs`);
      continue;
    }
    slugs.add(repo.slug);
    const trust = trustFor(repo, choices.trust);
    if (typeof trust === 'string') {
      repoProblems.push(`${name}: ${trust}`);
      continue;
    }
    const facts: RepositoryFacts = {
      workspace,
      repository: { slug: repo.slug, uuid: repo.uuid, mainBranch: repo.mainBranch },
      environments: repo.environments ?? [],
    };
    const resolved = resolveChoices(facts, { organization: choices.organization, role: choices.role, trust });
    if (!resolved.ok) {
      for (const e of resolved.errors) {
        // The workspace and the shared choices fail the same way for every repository: say it once.
        if (SHARED_FIELDS.has(e.field) || e.field.startsWith('facts.workspace')) {
          const field = e.field.startsWith('facts.') ? 'workspace' : e.field;
          errors.set(`${field}\n${e.message}`, { field, message: e.message });
        } else repoProblems.push(`${name}: ${e.message}`);
      }
      continue;
    }
    const match = claimMatchFor(facts, resolved.value);
    const t = resolved.value.trust;
    repositories.push({
      slug: repo.slug,
      uuid: normalizeUuid(repo.uuid) as string,
      mainBranch: repo.mainBranch,
      environmentUuid: t.kind === 'environment' ? t.environmentUuid : null,
      resolved: resolved.value,
      match,
    });
  }
  const all = [...errors.values()];
  if (repoProblems.length > 0) {
    const what = choices.trust.kind === 'environment' ? ' Deselect them, or trust the main branch or the repository instead.' : ' Deselect them, or rescan the workspace.';
    all.push({ field: 'repositories', message: `${repoProblems.length} selected ${repoProblems.length === 1 ? 'repository cannot' : 'repositories cannot'} be used: ${listed(repoProblems)}.${what}` });
  }
  if (all.length > 0) return { ok: false, errors: all };
  return { ok: true, repositories };
}
