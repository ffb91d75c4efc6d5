// The page's only door to the resolvers. Typed by the shared contract so a
// renamed field breaks the build; tests replace @forge/bridge's invoke.
import { invoke } from '@forge/bridge';
import type { PayloadOf, ResolverKey, ResultOf } from '@app/api/contract';
import type { UseCaseError } from '@app/usecases/types';

export async function call<K extends ResolverKey>(key: K, payload: PayloadOf<K>): Promise<ResultOf<K>> {
  try {
    const answer = await invoke<ResultOf<K>>(key, payload);
    if (isResult<ResultOf<K>>(answer)) return answer;
    return failure(`The app's server gave an answer the page does not understand (${key}). Reload the page; if it persists, reinstall the app.`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (asksForConsent(payload)) {
      // With allowAccess the resolver lets Forge's consent error escape, so a
      // rejection here is expected while (or after) Atlassian asks the user.
      return failure(`Bitbucket access was not granted yet (${reason.trim()}). If Atlassian asked you to allow access, allow it, then try again.`);
    }
    return failure(`The app's server could not be reached (${key}): ${reason.trim()}. Check your connection and try again.`);
  }
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
