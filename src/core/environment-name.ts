// Which deployment environment of a repository a typed name means: the one
// rule for the workspace Terraform (workspace/selection.ts), the bulk pull
// requests (usecases/workspace/bulk.ts), the step judge (pipeline/judge.ts)
// and the workspace page, which groups the names it finds by
// `environmentNameKey` and explains a missing one with `findEnvironment`'s
// reason.
//
// The rule: names are compared trimmed and without regard to case; a trimmed
// exact match wins over one that differs only in case; when there is no exact
// match and several differ only in case, the name is ambiguous and refused.
//
// Why not exact: Bitbucket shows names as typed and creates a repository's
// environments as "Test", "Staging" and "Production", while its own examples
// and most pipelines write `deployment: staging` (Atlassian's stage-options
// guide pairs `deployment: staging` with the default "Staging"; that Bitbucket
// itself links `deployment:` keys ignoring case is inferred from this, not
// documented). An admin who types "production" for 120 repositories means
// their "Production", and a workspace where some repositories say
// "production" and others "Production" (the preview seed does) is one choice.
// Why exact first, and no guessing: in a repository that has both "Prod" and
// "prod", the spelling typed is the one meant; with "Prod" and "PROD" and
// "prod" typed, either guess could bind the identity to the wrong environment.
import { quoteForMessage } from './quote';

export interface NamedEnvironment {
  uuid: string;
  name: string;
}

export type EnvironmentMatch<E extends NamedEnvironment> =
  | { ok: true; environment: E }
  | {
      ok: false;
      problem: 'none' | 'ambiguous';
      /** Completes "The repository …" / "repo-a: …": e.g. `it has no environment named "Production"`. */
      reason: string;
      /** For 'ambiguous': the names that matched equally well. */
      candidates: string[];
    };

/** The key names are compared by: trimmed, lowercase. Equal keys are the same choice on the page. */
export function environmentNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The environment `name` means among `environments` (see the rule above). */
export function findEnvironment<E extends NamedEnvironment>(environments: readonly E[], name: string): EnvironmentMatch<E> {
  const wanted = name.trim();
  const exact = environments.filter((e) => e.name.trim() === wanted);
  const loose = exact.length > 0 ? exact : environments.filter((e) => environmentNameKey(e.name) === environmentNameKey(wanted));
  if (loose.length === 1) return { ok: true, environment: loose[0] as E };
  if (loose.length === 0) {
    return { ok: false, problem: 'none', reason: `it has no environment named ${quoteForMessage(wanted)}`, candidates: [] };
  }
  const candidates = loose.map((e) => e.name);
  return {
    ok: false,
    problem: 'ambiguous',
    reason: `it has ${loose.length} environments named ${candidates.map((c) => quoteForMessage(c)).join(', ')}; rename all but one (Repository settings → Deployments)`,
    candidates,
  };
}
