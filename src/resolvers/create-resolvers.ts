// The resolver functions, free of Forge imports: everything that touches the
// platform (Bitbucket clients, storage, time, the use cases) is passed in, so
// tests drive them with fakes or the simulator and src/index.ts with Forge.
import type { LoadPageData, ResolverKey, ResultOf, SavedChoices } from '../api/contract';
import { payloadSchemas } from '../api/schemas';
import type { RepositoryStore } from '../storage/repository-store';
import { isNeedsAuthentication } from '../usecases/errors';
import type { LoadSetupHint } from '../usecases/load-setup';
import type {
  OpenPullRequestData,
  OpenPullRequestInput,
  RepoIds,
  SaveIdentityData,
  SetupData,
  UseCaseResult,
} from '../usecases/types';
import type { CheckContext } from '../usecases/run-check';
import type { CheckRunView, CheckStatus, LastCheckData, StartCheckOutcome } from '../usecases/check-types';
import { repoIdsFromContext } from './context';
import { parsePayload } from './payload';
import { errorFromThrown } from './thrown-error';

/** What loadPage already knows from storage, so loadSetup can save a round trip. */
export type SetupHint = LoadSetupHint;

/** The use cases, generic over the Bitbucket client type they are given. */
export interface UseCases<Client> {
  loadSetup(deps: { read: Client }, ids: RepoIds, hint?: SetupHint): Promise<UseCaseResult<SetupData>>;
  openPullRequest(
    deps: { read: Client; write: Client },
    ids: RepoIds,
    input: OpenPullRequestInput,
  ): Promise<UseCaseResult<OpenPullRequestData>>;
  saveIdentity(
    deps: { read: Client; write: Client },
    ids: RepoIds,
    identityId: string,
  ): Promise<UseCaseResult<SaveIdentityData>>;
}

/** The check run's use cases (src/usecases/run-check.ts), generic like UseCases. */
export interface CheckUseCases<Client> {
  startCheck(deps: { read: Client; write: Client }, ids: RepoIds, context: CheckContext): Promise<UseCaseResult<StartCheckOutcome>>;
  readCheck(deps: { read: Client }, ids: RepoIds, pipelineUuid: string, context: CheckContext): Promise<UseCaseResult<CheckStatus>>;
  lastCheck(deps: { read: Client }, ids: RepoIds, context: Pick<CheckContext, 'fullName'>): Promise<UseCaseResult<LastCheckData>>;
}

export interface ResolverDeps<Client> {
  /**
   * Called once at the start of each invocation, because Forge binds
   * asApp()/asUser() to the invocation and the two clients share one time
   * budget that must start with it (Forge ends an invocation at 25 s).
   * read: acts as the app (reading needs no consent); write: acts as the user,
   * so Bitbucket applies the admin's own permissions to every change.
   */
  clients(): { read: Client; write: Client };
  useCases: UseCases<Client>;
  checks: CheckUseCases<Client>;
  store: RepositoryStore;
  clock: { now(): Date };
}

/** The shape @forge/resolver hands to a definition (only the parts we read). */
export interface ResolverRequest {
  payload?: unknown;
  context?: unknown;
}

export type ResolverHandlers = { [K in ResolverKey]: (request: ResolverRequest) => Promise<ResultOf<K>> };

type Parsed<K extends ResolverKey> = ReturnType<(typeof payloadSchemas)[K]['parse']>;

/**
 * Context → IDs, payload → validated data, then `body`; anything thrown becomes
 * a typed error. The one exception: a NeedsAuthenticationError on a call made
 * with `allowAccess: true` is rethrown, because Forge shows its consent screen
 * only for that error escaping the function (see ConsentOption).
 */
function guarded<K extends ResolverKey>(
  key: K,
  body: (ids: RepoIds, payload: Parsed<K>) => Promise<ResultOf<K>>,
): (request: ResolverRequest) => Promise<ResultOf<K>> {
  return async (request) => {
    let letConsentThrough = false;
    try {
      const context = repoIdsFromContext(request.context);
      if (!context.ok) return context;
      const payload = parsePayload(payloadSchemas[key], request.payload);
      if (!payload.ok) return payload;
      letConsentThrough = (payload.data as { allowAccess?: boolean }).allowAccess === true;
      return await body(context.ids, payload.data as Parsed<K>);
    } catch (err) {
      if (letConsentThrough && isNeedsAuthentication(err)) throw err;
      return { ok: false, error: errorFromThrown(key, err) };
    }
  };
}

const STORAGE_WRITE_FAILED =
  'Your choices could not be saved: Forge storage did not accept them. Try again in a moment. ' +
  'Until then the page works as usual; the choices are only forgotten when you leave it.';

/** Storage is a convenience: when it fails, the page still works without it. */
async function orNull<T>(what: string, read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    console.warn(`Could not read ${what} from storage; continuing without it:`, err);
    return null;
  }
}

export function createResolvers<Client>(deps: ResolverDeps<Client>): ResolverHandlers {
  const { clients, useCases, checks, store, clock } = deps;

  const loadPage = guarded('loadPage', async (ids): Promise<ResultOf<'loadPage'>> => {
    const { read } = clients();
    const [saved, mainBranch] = await Promise.all([
      orNull('saved choices', () => store.loadChoices(ids.repositoryUuid)),
      orNull('the main branch', () => store.loadMainBranch(ids.repositoryUuid)),
    ]);
    const hint: SetupHint = {};
    if (mainBranch) hint.mainBranch = mainBranch;
    if (saved) hint.choices = saved.choices;
    const setup = await useCases.loadSetup({ read }, ids, hint);
    if (!setup.ok) return setup;
    const actualMainBranch = setup.data.facts.repository.mainBranch;
    if (actualMainBranch !== mainBranch) {
      await store.saveMainBranch(ids.repositoryUuid, actualMainBranch).catch((err: unknown) => {
        console.warn('Could not remember the main branch; the next load takes one more round trip:', err);
      });
    }
    const data: LoadPageData = { setup: setup.data, saved };
    return { ok: true, data };
  });

  function savedFrom(payload: { choices: SavedChoices['choices']; selection?: SavedChoices['selection'] }): SavedChoices {
    const saved: SavedChoices = { choices: payload.choices, savedAt: clock.now().toISOString() };
    if (payload.selection) saved.selection = payload.selection;
    return saved;
  }

  const saveChoices = guarded('saveChoices', async (ids, payload): Promise<ResultOf<'saveChoices'>> => {
    const saved = savedFrom(payload);
    try {
      await store.saveChoices(ids.repositoryUuid, saved);
    } catch (err) {
      // Not a bug in the app, and nothing else depends on it: say so, not "something went wrong".
      console.error('Could not save the choices in Forge storage:', err);
      return { ok: false, error: { code: 'internal', message: STORAGE_WRITE_FAILED } };
    }
    return { ok: true, data: saved };
  });

  const openPullRequest = guarded('openPullRequest', async (ids, payload) => {
    const input: OpenPullRequestInput = { choices: payload.choices };
    if (payload.selection) input.selection = payload.selection;
    const result = await useCases.openPullRequest(clients(), ids, input);
    // The page saves choices a moment after typing stops; a click in that
    // moment must not leave the page showing older choices than the pull
    // request it opened. Best effort: the pull request is what matters here.
    if (result.ok) {
      await store.saveChoices(ids.repositoryUuid, savedFrom(payload)).catch((err: unknown) => {
        console.warn('Could not remember the choices behind the pull request:', err);
      });
    }
    return result;
  });

  const saveIdentity = guarded('saveIdentity', async (ids, payload) =>
    useCases.saveIdentity(clients(), ids, payload.identityId),
  );

  /** What the check needs from storage: the saved trust (which branch) and the remembered main branch. */
  async function checkContext(ids: RepoIds): Promise<CheckContext> {
    const [saved, mainBranch] = await Promise.all([
      orNull('saved choices', () => store.loadChoices(ids.repositoryUuid)),
      orNull('the main branch', () => store.loadMainBranch(ids.repositoryUuid)),
    ]);
    return { choices: saved?.choices ?? null, mainBranch };
  }

  /**
   * Keeps the run this page saw for the workspace inventory: running a check
   * does not change the repository's `updated_on`, so a re-scan would miss it.
   * Best effort: the check's answer matters more than the record.
   */
  async function rememberCheck(ids: RepoIds, run: CheckRunView | null | undefined): Promise<void> {
    if (!run) return;
    await store.saveLastCheck(ids.repositoryUuid, run).catch((err: unknown) => {
      console.warn('Could not record the check run for the workspace page:', err);
    });
  }

  const startCheck = guarded('startCheck', async (ids) => {
    const result = await checks.startCheck(clients(), ids, await checkContext(ids));
    if (result.ok && result.data.outcome !== 'refused') await rememberCheck(ids, result.data.run);
    return result;
  });

  const readCheck = guarded('readCheck', async (ids, payload) => {
    const { read } = clients();
    const result = await checks.readCheck({ read }, ids, payload.pipelineUuid, await checkContext(ids));
    // While it runs, startCheck already recorded it; each poll records only the end.
    if (result.ok && result.data.run.phase !== 'queued' && result.data.run.phase !== 'running') await rememberCheck(ids, result.data.run);
    return result;
  });

  const lastCheck = guarded('lastCheck', async (ids) => {
    const { read } = clients();
    const result = await checks.lastCheck({ read }, ids, {});
    if (result.ok) await rememberCheck(ids, result.data.run);
    return result;
  });

  return { loadPage, saveChoices, openPullRequest, saveIdentity, startCheck, readCheck, lastCheck };
}
