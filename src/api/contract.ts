// The resolver contract shared by src/resolvers (Node) and static/settings (browser).
// Both sides import these types, so a renamed field breaks the build, not the page.
import type { IdentityChoices, PipelineSelection } from '../core/types';
import type { CheckStatus, LastCheckData, StartCheckOutcome } from '../usecases/check-types';
import type {
  OpenPullRequestData,
  SaveIdentityData,
  SetupData,
  UseCaseError,
} from '../usecases/types';

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: UseCaseError };

/** What the admin chose, as saved per repository. */
export interface SavedChoices {
  choices: IdentityChoices;
  selection?: PipelineSelection;
  /** ISO time of the last save. */
  savedAt: string;
}

export interface LoadPageData {
  setup: SetupData;
  saved: SavedChoices | null;
}

/**
 * For the calls that act as the user (asUser). Forge shows its own consent
 * screen only when NeedsAuthenticationError escapes the resolver; by default the
 * resolver answers `needs-authentication` instead, so the page can explain.
 * The page's "Allow access" button repeats the call with `allowAccess: true`:
 * then the error is let through and Forge asks the user to allow access.
 */
export interface ConsentOption {
  allowAccess?: boolean;
}

/** Resolver function keys and their payload / result types. */
export interface ResolverContract {
  loadPage: { payload: Record<string, never>; result: LoadPageData };
  saveChoices: { payload: { choices: IdentityChoices; selection?: PipelineSelection }; result: SavedChoices };
  openPullRequest: {
    payload: { choices: IdentityChoices; selection?: PipelineSelection } & ConsentOption;
    result: OpenPullRequestData;
  };
  saveIdentity: { payload: { identityId: string } & ConsentOption; result: SaveIdentityData };
  /** Starts the custom pipeline chainguard-oidc as the admin (or finds the one already going). */
  startCheck: { payload: ConsentOption; result: StartCheckOutcome };
  /** One poll of a check run; the page waits between polls, never the resolver. */
  readCheck: { payload: { pipelineUuid: string }; result: CheckStatus };
  /** The newest check run, read after the page's first paint. */
  lastCheck: { payload: Record<string, never>; result: LastCheckData };
}

export type ResolverKey = keyof ResolverContract;
export type PayloadOf<K extends ResolverKey> = ResolverContract[K]['payload'];
export type ResultOf<K extends ResolverKey> = ResolverResult<ResolverContract[K]['result']>;
