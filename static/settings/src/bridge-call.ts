// The page's only door to the resolvers. Typed by the shared contract so a
// renamed field breaks the build; tests replace @forge/bridge's invoke.
// Failures are told in an admin's words: never a function name or the
// browser's raw "Failed to fetch".
import { invoke } from '@forge/bridge';
import type { PayloadOf, ResolverKey, ResultOf } from '@app/api/contract';
import type { UseCaseError } from '@app/usecases/types';

export async function call<K extends ResolverKey>(key: K, payload: PayloadOf<K>): Promise<ResultOf<K>> {
  return invokeExplained<ResultOf<K>>(key, payload, actionWords(key));
}

/**
 * Invokes a resolver function; a failure to reach it, or an answer that is not
 * a result, becomes a result in the admin's words about `action` ("what the
 * page was doing"). Shared by the repository and workspace pages.
 */
export async function invokeExplained<R>(key: string, payload: object, action: string): Promise<R> {
  try {
    const answer = await invoke<R>(key, payload as Record<string, unknown>);
    if (isResult<R>(answer)) return answer;
    return failure(`The app answered in a way this page does not understand while trying to ${action}. Reload the page; if it persists, ask an admin to update the app.`) as R;
  } catch {
    if (asksForConsent(payload)) {
      // With allowAccess the resolver lets Forge's consent error escape, so a
      // rejection here is expected while (or after) Atlassian asks the user.
      return failure('Bitbucket access was not granted yet. If Atlassian asked you to allow access, allow it, then try again.') as R;
    }
    return failure(`The page could not reach the app to ${action}. Check your connection, then try again.`) as R;
  }
}

/** What the page was doing, in the admin's words; keys added later fall back to a general phrase. */
const ACTIONS: Partial<Record<ResolverKey, string>> = {
  loadPage: "load this repository's settings",
  saveChoices: 'save your choices',
  openPullRequest: 'open the pull request',
  saveIdentity: 'save the identity ID',
};

function actionWords(key: ResolverKey): string {
  return ACTIONS[key] ?? 'finish this step';
}

function asksForConsent(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { allowAccess?: unknown }).allowAccess === true;
}

function isResult<T>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function failure(message: string): { ok: false; error: UseCaseError } {
  return { ok: false, error: { code: 'internal', message } };
}
