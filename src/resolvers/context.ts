// The repository a resolver call acts on comes from the Forge context only:
// Forge fills it from the page the admin has open, so a caller cannot pick
// another repository by putting IDs into the payload.
import type { RepoIds, UseCaseError } from '../usecases/types';
import { normalizeUuid } from '../core/uuid';

export type ContextResult = { ok: true; ids: RepoIds } | { ok: false; error: UseCaseError };

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

/** Braced lower-case UUID, or null when the value is not a UUID. */
function bracedUuid(value: unknown): string | null {
  return typeof value === 'string' ? normalizeUuid(value) : null;
}

function missing(path: string, what: string): ContextResult {
  return {
    ok: false,
    error: {
      code: 'invalid-input',
      message:
        `The Forge context has no valid ${what} (${path}). ` +
        "Open this page from the repository's settings (Repository settings → Chainguard OIDC).",
      fields: [{ field: path, message: `missing or not a UUID` }],
    },
  };
}

/** Workspace and repository UUIDs from `req.context` (workspaceId, extension.repository.uuid). */
export function repoIdsFromContext(context: unknown): ContextResult {
  const workspaceUuid = bracedUuid(field(context, 'workspaceId'));
  if (!workspaceUuid) return missing('context.workspaceId', 'workspace');
  const repositoryUuid = bracedUuid(field(field(field(context, 'extension'), 'repository'), 'uuid'));
  if (!repositoryUuid) return missing('context.extension.repository.uuid', 'repository');
  return { ok: true, ids: { workspaceUuid, repositoryUuid } };
}
