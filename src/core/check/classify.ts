// Why the check failed, in words, from the failed stage and the text it left
// (the JUnit failure message, or the tail of the step's log). Each signature
// says where its text comes from; the ones we could not confirm in chainctl's
// source, documentation or issues are marked UNCONFIRMED and only ever narrow
// a diagnosis the stage already gives.
import {
  CHECKSUM_MISMATCH_MESSAGE,
  CHECKSUM_MISSING_MESSAGE,
  IDENTITY_NOT_SET_MESSAGE,
  type CheckStage,
} from '../pipeline/script';

export type FailureKind =
  | 'identity-not-set'
  | 'download-failed'
  | 'token-refused'
  | 'permission-denied'
  | 'unknown';

export interface FailureDiagnosis {
  kind: FailureKind;
  /** One sentence: what went wrong. */
  reason: string;
  /** What to do about it. */
  advice: string;
  /** The claim Chainguard named as not matching (`token has invalid "<claim>"`), when it did. */
  refusedClaim: string | null;
  /** For 'unknown': the last lines of what the step printed, as text. */
  lastLines: string[];
}

interface Signature {
  kind: Exclude<FailureKind, 'unknown'>;
  test: RegExp;
  /** Where the text comes from. */
  source: string;
}

export const SIGNATURES: readonly Signature[] = [
  {
    kind: 'identity-not-set',
    test: new RegExp(escapeRegExp(IDENTITY_NOT_SET_MESSAGE.slice(0, 40))),
    source: 'our own check step (src/core/pipeline/script.ts IDENTITY_NOT_SET_MESSAGE)',
  },
  {
    kind: 'download-failed',
    test: new RegExp(`${escapeRegExp(CHECKSUM_MISMATCH_MESSAGE)}|${escapeRegExp(CHECKSUM_MISSING_MESSAGE)}`),
    source: 'our own install lines (src/core/pipeline/script.ts), modelled on chainguard-dev/setup-chainctl action.yaml',
  },
  {
    kind: 'download-failed',
    // curl --fail: "curl: (22) The requested URL returned error: 404"; (6) could not resolve host; (7) failed to connect.
    test: /curl: \((?:6|7|22|28|35|56)\)/,
    source: "curl's own error format with --fail (curl man page, EXIT CODES 6, 7, 22, 28, 35, 56)",
  },
  {
    kind: 'token-refused',
    // The STS names the claim that did not match: `token has invalid "event_name": workflow_dispatch`.
    test: /token has invalid "[^"]+"/,
    source:
      'chainguard-dev/edu content/chainguard/containers/features/ca-docs/custom-assembly-gitops.md line 114; ' +
      'chainguard-dev/terraform-provider-chainguard internal/provider/resource_identity_test.go lines 626-633 (asserts `invalid "<claim>"`)',
  },
  {
    kind: 'token-refused',
    // chainctl wraps a failed exchange as `exchanging token with "<issuer>": <gRPC status>`.
    test: /exchanging token with "[^"]*": .*(?:PermissionDenied|Unauthenticated|NotFound|InvalidArgument)/,
    source: 'chainguard-dev/sdk sts/sts.go line 100 @934f495 (`exchanging token with %q: %w`) + grpc-go status text `rpc error: code = X desc = Y`',
  },
  {
    kind: 'permission-denied',
    // Any other gRPC PermissionDenied, e.g. from listing repositories without a role binding.
    test: /code = PermissionDenied/,
    source: 'grpc-go status.Error text (`rpc error: code = PermissionDenied desc = …`), as chainctl prints API errors; the listing wording itself is UNCONFIRMED',
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ADVICE: Record<Exclude<FailureKind, 'unknown'>, { reason: string; advice: string }> = {
  'identity-not-set': {
    reason: 'CHAINGUARD_IDENTITY is not set (or empty) for this pipeline.',
    advice: 'Paste the identity ID that terraform apply printed into step "Save the identity ID", then run the check again.',
  },
  'download-failed': {
    reason: 'chainctl could not be downloaded, or it did not match its published checksum.',
    advice:
      'Run the check again: a release can be promoted while the step downloads. If it fails again, check that the runner can reach dl.enforce.dev, and that the pinned chainctl version exists.',
  },
  'token-refused': {
    reason: "Chainguard refused the step's token: the identity does not trust a token from this step.",
    advice:
      'Compare the claims below. Apply the Terraform for the choices on this page again (terraform apply), or run the check where the identity trusts it.',
  },
  'permission-denied': {
    reason: "The login worked, but listing the organization's repositories was denied.",
    advice:
      'The role binding is missing or the organization is wrong: check that terraform apply created chainguard_rolebinding.bitbucket in this organization, and that the organization name is right.',
  },
};

/** The last `count` non-empty lines of `text`. */
export function lastLines(text: string, count = 30): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-count);
}

/** The stage's own diagnosis when no signature says more. */
const STAGE_KIND: Record<CheckStage, FailureKind> = {
  identity: 'identity-not-set',
  download: 'download-failed',
  exchange: 'token-refused',
  listing: 'permission-denied',
};

/**
 * Diagnoses a failed check. `stage` is the failed stage from the JUnit report
 * (null when there was none); `text` is its failure message or the log tail.
 */
export function classifyFailure(input: { stage: CheckStage | null; text: string | null }): FailureDiagnosis {
  const text = input.text ?? '';
  const matched = SIGNATURES.find((s) => s.test.test(text));
  // A signature in the text wins (it is the tool's own words); otherwise the stage speaks.
  // A generic PermissionDenied during the exchange stage is a refused token, not a missing role binding.
  let kind: FailureKind = matched?.kind ?? (input.stage ? STAGE_KIND[input.stage] : 'unknown');
  if (kind === 'permission-denied' && input.stage === 'exchange') kind = 'token-refused';
  if (kind === 'unknown') {
    return {
      kind,
      reason: 'The check step failed for a reason this page does not recognise.',
      advice: 'Read the last lines of the step below, or open the run in Bitbucket.',
      refusedClaim: null,
      lastLines: lastLines(text),
    };
  }
  const refusedClaim = /token has invalid "([^"]+)"/.exec(text)?.[1] ?? null;
  return { kind, ...ADVICE[kind], refusedClaim, lastLines: lastLines(text) };
}
