// Reads the deployment environments of a few selected repositories, for
// environment trust on the workspace page. The scan does not read them (they
// matter only to admins who choose environment trust, and would cost one
// request per repository of the workspace), so the page asks for the selected
// repositories only, in batches of WORKSPACE_LIMITS.maxEnvironmentRepositories.
//
// Bounded work: the batch size is checked before any storage read or request,
// and at most `environmentConcurrency` listings are in flight. Each repository
// is looked up in the stored inventory first (a UUID from the payload is only
// a choice among the repositories the scan found; Forge storage belongs to the
// installation, which is this one workspace), so the page cannot make the app
// read a repository it was never shown.
//
// As the app, not as the admin: this is a read, like the scan, the repository
// page's loadSetup and the bulk pull requests' own environment lookup (all use
// the app client). It needs no consent prompt before the admin has decided
// anything, only the app's read:pipeline:bitbucket scope; and the page that
// calls it is the workspace settings page, which only workspace admins reach.
// Writes stay as the admin (bulk.ts).
//
// Not cached in storage: Bitbucket does not document that a repository's
// `updated_on` changes when an environment is added or renamed, so a cache
// keyed by it could offer a deleted environment or hide a new one. The page
// keeps what it read while it is open and can read again.
import {
  WORKSPACE_LIMITS,
  type DeploymentEnvironment,
  type RepositoryEnvironments,
} from '../../api/workspace-contract';
import { BitbucketError, OPERATIONS, type BitbucketClient } from '../../bitbucket';
import { normalizeUuid } from '../../core/uuid';
import { mapBounded } from '../../shared/bounded-map';
import type { WorkspaceStore } from '../../storage/workspace-store';
import { toUseCaseError } from '../errors';
import type { UseCaseError, UseCaseResult } from '../types';

export interface ReadEnvironmentsDeps {
  store: WorkspaceStore;
  /** The app's client (see above for why). */
  read: BitbucketClient;
}

export interface ReadEnvironmentsInput {
  /** From the Forge context, never from the payload. */
  workspaceUuid: string;
  repositoryUuids: readonly string[];
}

export const ENVIRONMENT_READ_LIMITS = {
  maxRepositories: WORKSPACE_LIMITS.maxEnvironmentRepositories,
  concurrency: WORKSPACE_LIMITS.environmentConcurrency,
} as const;

function invalid(message: string): { ok: false; error: UseCaseError } {
  return { ok: false, error: { code: 'invalid-input', message } };
}

/** What a failed listing means for environment trust, in plain words. */
export function environmentReadError(slug: string, error: unknown): UseCaseError {
  const base = toUseCaseError(error); // rethrows bugs: the resolver reports those
  const status = error instanceof BitbucketError ? error.status : null;
  const scopes = OPERATIONS.listEnvironments.scopes.join(' and ');
  if (status === 403) {
    return {
      code: 'forbidden',
      status,
      message:
        `Bitbucket refused (403) to show the app the deployment environments of ${slug}. Reading them needs the app's ${scopes} scope ` +
        `and read access to the repository: if the app was updated since it was installed, accept its new permissions ` +
        `(Workspace settings → Installed apps), and check that the repository does not restrict app access. Until then this repository cannot use environment trust.`,
    };
  }
  if (status === 404) {
    return {
      code: 'not-found',
      status,
      message:
        `Bitbucket found no deployment environments for ${slug} (404): Pipelines or deployments may not be enabled in it ` +
        `(Repository settings → Pipelines → Settings), or the repository was renamed or deleted since the scan. ` +
        `Enable Pipelines and add the environment under Repository settings → Deployments, or re-scan the workspace.`,
    };
  }
  return { ...base, message: `The deployment environments of ${slug} could not be read. ${base.message}` };
}

export async function readEnvironments(
  deps: ReadEnvironmentsDeps,
  input: ReadEnvironmentsInput,
): Promise<UseCaseResult<{ repositories: RepositoryEnvironments[] }>> {
  const { maxRepositories, concurrency } = ENVIRONMENT_READ_LIMITS;
  const wanted = [...new Set(input.repositoryUuids.map((u) => normalizeUuid(u) ?? u))];
  // Checked before anything is read.
  if (wanted.length > maxRepositories) {
    return invalid(`${wanted.length} repositories were asked for; one call reads the deployment environments of at most ${maxRepositories}. Ask in batches of ${maxRepositories}.`);
  }
  if (wanted.length === 0) return invalid('No repositories were given: select the repositories whose deployment environments to read.');
  const malformed = wanted.find((u) => normalizeUuid(u) === null);
  if (malformed !== undefined) return invalid(`Not a repository UUID: ${JSON.stringify(malformed.slice(0, 60))}.`);

  const stored = await Promise.all(wanted.map((uuid) => deps.store.getRow(uuid)));
  const unknown = wanted.filter((_, i) => stored[i] === null);
  if (unknown.length > 0) {
    return invalid(
      `${unknown.length} of the repositories are not in this workspace's inventory (e.g. ${unknown[0]}). Re-scan the workspace, then select again.`,
    );
  }
  const rows = stored.map((s) => (s as NonNullable<typeof s>).row);

  const repositories = await mapBounded(rows, concurrency, async (row): Promise<RepositoryEnvironments> => {
    // The stored row gives the UUID the request uses, not the payload.
    const ids = { workspaceUuid: input.workspaceUuid, repositoryUuid: row.repositoryUuid };
    try {
      const listed = await deps.read.listEnvironments(ids);
      const environments: DeploymentEnvironment[] = listed.map((e) => ({ uuid: normalizeUuid(e.uuid) ?? e.uuid, name: e.name }));
      return { repositoryUuid: row.repositoryUuid, slug: row.slug, state: 'read', environments };
    } catch (error) {
      return { repositoryUuid: row.repositoryUuid, slug: row.slug, state: 'failed', error: environmentReadError(row.slug, error) };
    }
  });
  return { ok: true, data: { repositories } };
}
