// Who may assume the identity, written as a Chainguard claim_match, and a
// model of how Chainguard's STS checks a Bitbucket step token against it.
//
// Bitbucket step tokens (notes/bitbucket.md §1.4, §6):
//   sub = {REPO}:{STEP}            for a normal step
//   sub = {REPO}:{ENV}:{STEP}      for a step with `deployment:`
// The branch is not in `sub`, only in the `branchName` claim, so branch trust
// pins that claim exactly. Branch trust also accepts deployment steps that run
// on the branch: the token still comes from this repository and this branch,
// and refusing them would break the common "deploy from main" pipeline.
//
// STS anchoring of patterns is undocumented, so every pattern is written as
// `^(?:...)$`: it means the same whether or not the server adds anchors.
import { oidcAudience, oidcIssuer } from './oidc';
import { normalizeFacts } from './facts';
import { normalizeUuid } from './uuid';
import type { ClaimMatch, RepositoryFacts, ResolvedChoices, StepToken, TokenVerdict } from './types';

const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/** Escapes `s` so it matches literally in RE2 and JS (Go regexp.QuoteMeta semantics). */
export function re2Escape(s: string): string {
  return s.replace(RE2_META, '\\$&');
}

/** A braced UUID such as a step UUID, which changes on every run. */
export const UUID_PATTERN =
  '\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}';

/** Wraps an alternative-free or grouped body so the pattern is fully anchored. */
function anchored(body: string): string {
  return `^(?:${body})$`;
}

/**
 * Matches exactly one of `literals` (escaped). One literal stays as it is; more
 * become a group, so the alternation cannot leak into what surrounds it.
 */
function oneOf(literals: string[]): string {
  if (literals.length === 0) throw new Error('oneOf: no alternatives (bug in the caller).');
  const escaped = literals.map(re2Escape);
  return escaped.length === 1 ? (escaped[0] as string) : `(?:${escaped.join('|')})`;
}

/** Exactly one of `literals`, anchored: for claim_patterns over several values. */
export function anyOfLiterals(literals: string[]): string {
  if (literals.length === 0) throw new Error('anyOfLiterals: no alternatives (bug in the caller).');
  return anchored(literals.map(re2Escape).join('|'));
}

/** Any step of one of the repositories: normal steps and deployment steps. */
export function anyStepOfRepositories(repoUuids: string[]): string {
  return anchored(`${oneOf(repoUuids)}:(?:${UUID_PATTERN}:)?${UUID_PATTERN}`);
}

/** Any step of the repository: normal steps and deployment steps. */
export function anyStepOfRepository(repoUuid: string): string {
  return anyStepOfRepositories([repoUuid]);
}

/**
 * Deployment steps that deploy to one of the environments, each paired with
 * its own repository (`{repo}:{env}` as one alternative), so a repository
 * cannot borrow another repository's environment.
 */
export function stepsOfEnvironments(pairs: { repositoryUuid: string; environmentUuid: string }[]): string {
  const alternatives = pairs.map((p) => `${re2Escape(p.repositoryUuid)}:${re2Escape(p.environmentUuid)}`);
  const body = alternatives.length === 1 ? (alternatives[0] as string) : `(?:${alternatives.join('|')})`;
  return anchored(`${body}:${UUID_PATTERN}`);
}

/** Deployment steps of the repository that deploy to one environment. */
export function stepsOfEnvironment(repoUuid: string, environmentUuid: string): string {
  return stepsOfEnvironments([{ repositoryUuid: repoUuid, environmentUuid }]);
}

/** The claim_match for the chosen trust. Facts must be valid (see resolveChoices). */
export function claimMatchFor(facts: RepositoryFacts, resolved: ResolvedChoices): ClaimMatch {
  const f = normalizeFacts(facts);
  const repo = f.repository.uuid;
  const base = { issuer: oidcIssuer(f.workspace.slug), audience: oidcAudience(f.workspace.uuid), claimPatterns: {} };
  const trust = resolved.trust;
  switch (trust.kind) {
    case 'repository':
      return { ...base, subjectPattern: anyStepOfRepository(repo), claims: { repositoryUuid: repo } };
    case 'branch':
      // repositoryUuid is also pinned: sub already names the repository, the
      // claim repeats it so neither check alone decides.
      return {
        ...base,
        subjectPattern: anyStepOfRepository(repo),
        claims: { branchName: trust.branch, repositoryUuid: repo },
      };
    case 'environment': {
      // Resolved choices hold the canonical form already; normalise anyway so a
      // hand-built value cannot yield an identity that never matches.
      const env = normalizeUuid(trust.environmentUuid) ?? trust.environmentUuid;
      return {
        ...base,
        subjectPattern: stepsOfEnvironment(repo, env),
        claims: { deploymentEnvironmentUuid: env, repositoryUuid: repo },
      };
    }
  }
}

/** Claims the STS compares as text: strings as they are, booleans as "true"/"false". */
function claimText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return null;
}

type PatternOutcome = { ok: true; matches: boolean } | { ok: false; why: string };

/**
 * Matches `value` against `pattern` both as written and with extra anchors
 * (as a server that anchors would): the identity only works predictably if
 * both agree.
 */
function matchPattern(pattern: string, value: string): PatternOutcome {
  let asWritten: RegExp;
  let withAnchors: RegExp;
  try {
    asWritten = new RegExp(pattern);
    withAnchors = new RegExp(`^${pattern}$`);
  } catch {
    return { ok: false, why: `the pattern ${JSON.stringify(pattern)} is not a valid regular expression` };
  }
  const a = asWritten.test(value);
  const b = withAnchors.test(value);
  if (a !== b) {
    return { ok: false, why: `the pattern ${JSON.stringify(pattern)} matches differently depending on anchoring, so the result is unpredictable` };
  }
  return { ok: true, matches: a };
}

const CLAIM_WORDS: Record<string, string> = {
  branchName: 'branch',
  repositoryUuid: 'repository',
  deploymentEnvironmentUuid: 'deployment environment',
  workspaceUuid: 'workspace',
};

function claimLabel(claim: string): string {
  const words = CLAIM_WORDS[claim];
  return words ? `${words} (claim ${claim})` : `claim ${claim}`;
}

/** Whether Chainguard's STS would accept this step token for the identity, and why. */
export function verifyToken(match: ClaimMatch, token: StepToken): TokenVerdict {
  const refuse = (reason: string): TokenVerdict => ({ accepted: false, reason: `refused: ${reason}` });

  if (token.iss !== match.issuer) {
    return refuse(`the token comes from issuer ${JSON.stringify(token.iss)}, but the identity trusts ${JSON.stringify(match.issuer)} (another workspace?)`);
  }
  const audiences = Array.isArray(token.aud) ? token.aud : [token.aud];
  if (!audiences.includes(match.audience)) {
    return refuse(`the token's audience ${JSON.stringify(token.aud)} does not include ${JSON.stringify(match.audience)} (another workspace or a custom audience)`);
  }
  const subject = matchPattern(match.subjectPattern, token.sub);
  if (!subject.ok) return refuse(subject.why);
  if (!subject.matches) {
    return refuse(`the token's subject ${JSON.stringify(token.sub)} is not a step this identity trusts (another repository or deployment environment?)`);
  }
  for (const [claim, expected] of Object.entries(match.claims)) {
    const actual = claimText(token[claim]);
    if (actual === null) return refuse(`the token has no ${claimLabel(claim)}`);
    if (actual !== expected) {
      return refuse(`the ${claimLabel(claim)} is ${JSON.stringify(actual)}, but the identity requires ${JSON.stringify(expected)}`);
    }
  }
  for (const [claim, pattern] of Object.entries(match.claimPatterns)) {
    const actual = claimText(token[claim]);
    if (actual === null) return refuse(`the token has no ${claimLabel(claim)}`);
    const outcome = matchPattern(pattern, actual);
    if (!outcome.ok) return refuse(outcome.why);
    if (!outcome.matches) {
      return refuse(`the ${claimLabel(claim)} is ${JSON.stringify(actual)}, which does not match ${JSON.stringify(pattern)}`);
    }
  }
  const checked = [...Object.keys(match.claims), ...Object.keys(match.claimPatterns)].map(claimLabel);
  const also = checked.length > 0 ? `, and ${checked.join(', ')} match` : '';
  return { accepted: true, reason: `accepted: issuer, audience and subject match${also}` };
}

/** Syntax JS accepts but RE2 (Go regexp) refuses: lookaround and backreferences. */
export function usesNonRe2Syntax(pattern: string): boolean {
  return /\(\?<?[=!]|\\[1-9]|\\k</.test(pattern);
}
