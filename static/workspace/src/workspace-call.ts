// The workspace page's only door to its resolvers, typed by the workspace
// contract so a renamed field breaks the build; tests replace @forge/bridge.
import { invoke } from '@forge/bridge';
import type { WorkspacePayloadOf, WorkspaceResolverKey, WorkspaceResultOf } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';

export async function call<K extends WorkspaceResolverKey>(key: K, payload: WorkspacePayloadOf<K>): Promise<WorkspaceResultOf<K>> {
  try {
    const answer = await invoke<WorkspaceResultOf<K>>(key, payload as Record<string, unknown>);
    if (isResult(answer)) return answer as WorkspaceResultOf<K>;
    return failure(`The app's server gave an answer the page does not understand (${key}). Reload the page; if it persists, reinstall the app.`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (typeof payload === 'object' && payload !== null && (payload as { allowAccess?: unknown }).allowAccess === true) {
      // With allowAccess the resolver lets Forge's consent error escape while Atlassian asks the user.
      return failure(`Bitbucket access was not granted yet (${reason.trim()}). If Atlassian asked you to allow access, allow it, then try again.`);
    }
    return failure(`The app's server could not be reached (${key}): ${reason.trim()}. Check your connection and try again.`);
  }
}

function isResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function failure(message: string): { ok: false; error: UseCaseError } {
  return { ok: false, error: { code: 'internal', message } };
}
