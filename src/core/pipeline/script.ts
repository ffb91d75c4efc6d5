// The shell lines a pipeline step runs to assume the Chainguard identity.
// chainctl is installed the way Chainguard's own installer does it
// (chainguard-dev/setup-chainctl, action.yaml): `latest` unless pinned, the
// binary and chainctl_checksums.txt from dl.enforce.dev, the expected sum taken
// from the line whose second field is the file name, and the checksums fetched
// once more on a mismatch (a release can be promoted between the two
// downloads). A tampered or truncated download fails the step instead of
// executing. The identity ID is read from the repository variable
// CHAINGUARD_IDENTITY, so the file never changes after terraform apply.
//
// The generated check step also writes a JUnit report, one test case per
// stage, under test-results/ (one of the directories Bitbucket scans for
// reports: ./**/test-results/**/*.xml, up to three levels deep, from
// https://support.atlassian.com/bitbucket-cloud/docs/test-reporting-in-pipelines/).
// The app reads it back through the test_reports API, which needs no redirect.
import type { ResolvedChoices } from '../types';

/** What the pipeline installs unless the admin pins a release (as setup-chainctl defaults). */
export const DEFAULT_CHAINCTL_VERSION = 'latest';

export const IDENTITY_VARIABLE_NAME = 'CHAINGUARD_IDENTITY';
export const CHAINCTL_DOWNLOAD_BASE = 'https://dl.enforce.dev/chainctl';

/** The line that exchanges the step's Bitbucket token for a Chainguard token. */
export const LOGIN_LINE =
  'chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"';
export const CONFIGURE_DOCKER_LINE =
  'chainctl auth configure-docker --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"';

/** Message of our own identity check; the failure classifier recognises it. */
export const IDENTITY_NOT_SET_MESSAGE =
  `${IDENTITY_VARIABLE_NAME} is not set: add it under Repository settings > Repository variables with the identity ID that terraform apply printed.`;
export const CHECKSUM_MISMATCH_MESSAGE = 'chainctl does not match its published sha256 checksum; not running it.';
export const CHECKSUM_MISSING_MESSAGE = 'chainctl_checksums.txt could not be downloaded or has no entry for';

/** Where the check step writes its JUnit report, and the test case of each stage. */
export const CHECK_REPORT_DIR = 'test-results/chainguard-check';
export const CHECK_STAGES = {
  identity: 'identity variable',
  download: 'chainctl download and checksum',
  exchange: 'token exchange',
  listing: 'listing repositories',
} as const;
export type CheckStage = keyof typeof CHECK_STAGES;

/** A released chainctl version: 1.2.3, or `latest`. */
const VERSION_SHAPE = /^(?:latest|\d{1,4}\.\d{1,4}\.\d{1,6})$/;

/** Quotes `value` as one POSIX shell word: nothing inside single quotes is expanded. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Problem with a chainctl version the admin typed, or null. A leading "v" is allowed, as setup-chainctl allows it. */
export function chainctlVersionProblem(version: string): string | null {
  return VERSION_SHAPE.test(version.replace(/^v(?=\d)/, ''))
    ? null
    : `"${version.slice(0, 40)}" is not a chainctl release: write a version such as 0.2.313, or leave it empty for latest.`;
}

/** The version as the download URL wants it (no leading "v"). */
export function normalizeChainctlVersion(version: string): string {
  return version.trim().replace(/^v(?=\d)/, '');
}

function checkedVersion(version: string): string {
  const normalized = normalizeChainctlVersion(version);
  const problem = chainctlVersionProblem(normalized);
  if (problem) throw new Error(problem);
  return normalized;
}

/** Stops the step with a clear message when the repository variable is missing. */
export function identityVariableCheckLine(): string {
  return `if [ -z "\${${IDENTITY_VARIABLE_NAME}:-}" ]; then echo "${IDENTITY_NOT_SET_MESSAGE}" >&2; exit 1; fi`;
}

/** Download, checksum check (one re-fetch on mismatch) and installation of chainctl on PATH. */
export function chainctlInstallLines(version: string = DEFAULT_CHAINCTL_VERSION): string[] {
  const base = `${CHAINCTL_DOWNLOAD_BASE}/${checkedVersion(version)}`;
  const file = '"chainctl_${CHAINCTL_PLATFORM}"';
  const curl = 'curl -fsSL --retry 5 --retry-delay 1';
  // The line of chainctl_checksums.txt whose second field is the file name; its first field is the sum.
  const expected = `"$(${curl} "${base}/chainctl_checksums.txt" | awk -v f=${file} '$2 == f { print $1; exit }')"`;
  const actual = `"$(sha256sum ${file} | cut -d ' ' -f 1)"`;
  return [
    // Release assets are lowercase (chainctl_linux_x86_64, chainctl_linux_arm64);
    // `uname -s` says "Linux" and ARM machines say "aarch64".
    `CHAINCTL_PLATFORM="$(uname -s | tr '[:upper:]' '[:lower:]')_$(uname -m | sed 's/aarch64/arm64/')"`,
    `${curl} -o ${file} "${base}/chainctl_\${CHAINCTL_PLATFORM}"`,
    `CHAINCTL_SHA256=${expected}; if [ ${actual} != "$CHAINCTL_SHA256" ]; then echo "chainctl does not match chainctl_checksums.txt yet; fetching the checksums once more, as a release may have been promoted between the two downloads." >&2; CHAINCTL_SHA256=${expected}; fi`,
    // An empty selection would make some sha256sum builds pass vacuously, so it is an error of its own.
    `if [ -z "$CHAINCTL_SHA256" ]; then echo "${CHECKSUM_MISSING_MESSAGE} chainctl_\${CHAINCTL_PLATFORM}." >&2; exit 1; fi`,
    `echo "$CHAINCTL_SHA256  chainctl_\${CHAINCTL_PLATFORM}" | sha256sum -c - || { echo "${CHECKSUM_MISMATCH_MESSAGE}" >&2; exit 1; }`,
    `install -m 0755 ${file} /usr/local/bin/chainctl`,
    `rm -f ${file}`,
    'chainctl version',
  ];
}

/** What a chosen existing step gets in front of its own script: check, install, log in. */
export function loginLines(options: { configureDocker: boolean; version?: string }): string[] {
  return [
    identityVariableCheckLine(),
    ...chainctlInstallLines(options.version),
    LOGIN_LINE,
    ...(options.configureDocker ? [CONFIGURE_DOCKER_LINE] : []),
  ];
}

/** The image reference the check pulls, e.g. cgr.dev/example.com/python:latest. */
export function imageReference(organization: string, image: { name: string; tag: string }): string {
  return `cgr.dev/${organization}/${image.name}:${image.tag}`;
}

/**
 * `cg_case NAME [MESSAGE]` writes one JUnit file for a stage: passed without a
 * message, failed with it (its last 20 lines, XML-escaped: Bitbucket keeps
 * 2,000 characters of a field). `cg_fail NAME MESSAGE` also prints the message
 * and ends the step. POSIX sh, since the step's image decides the shell.
 */
export const JUNIT_HELPER_LINES: readonly string[] = [
  `cg_case() { mkdir -p ${CHECK_REPORT_DIR}; cg_file="${CHECK_REPORT_DIR}/$(printf '%s' "$1" | tr ' ' '-').xml"; ` +
    `if [ $# -lt 2 ]; then printf '<?xml version="1.0" encoding="UTF-8"?>\\n<testsuite name="Chainguard check" tests="1" failures="0"><testcase classname="chainguard-check" name="%s"/></testsuite>\\n' "$1" > "$cg_file"; ` +
    `else cg_msg="$(printf '%s\\n' "$2" | tail -n 20 | tr -d '\\000-\\010\\013\\014\\016-\\037' | sed -e 's/&/\\&amp;/g' -e 's/</\\&lt;/g' -e 's/>/\\&gt;/g' -e 's/"/\\&quot;/g')"; ` +
    `printf '<?xml version="1.0" encoding="UTF-8"?>\\n<testsuite name="Chainguard check" tests="1" failures="1"><testcase classname="chainguard-check" name="%s"><failure message="%s">%s</failure></testcase></testsuite>\\n' "$1" "$cg_msg" "$cg_msg" > "$cg_file"; fi; }`,
  `cg_fail() { printf '%s\\n' "$2" >&2; cg_case "$1" "$2"; exit 1; }`,
];

/** Runs `commands` capturing their output; on failure the stage's test case carries it. */
function stageLine(stage: string, commands: string[]): string {
  // `{ a; } && { b; }` stops at the first failure without `set -e`, which
  // shells ignore inside an `if` condition.
  const run = commands.map((c) => `{ ${c}; }`).join(' && ');
  return `if cg_out="$( { ${run}; } 2>&1 )"; then printf '%s\\n' "$cg_out"; cg_case '${stage}'; else cg_fail '${stage}' "$cg_out"; fi`;
}

/**
 * Full script of the generated check step: check the variable, install, log in,
 * list the organization's repositories (the count goes into the last test
 * case's name, so the page can say how many), optionally pull an image.
 */
export function checkStepScript(resolved: ResolvedChoices, version?: string): string[] {
  const pinned = version ?? resolved.chainctlVersion ?? DEFAULT_CHAINCTL_VERSION;
  const org = shellQuote(resolved.organization);
  const lines = [
    ...JUNIT_HELPER_LINES,
    `if [ -z "\${${IDENTITY_VARIABLE_NAME}:-}" ]; then cg_fail '${CHECK_STAGES.identity}' "${IDENTITY_NOT_SET_MESSAGE}"; fi; cg_case '${CHECK_STAGES.identity}'`,
    stageLine(CHECK_STAGES.download, chainctlInstallLines(pinned)),
    stageLine(CHECK_STAGES.exchange, [LOGIN_LINE]),
    `if cg_out="$(chainctl images repos list --parent ${org} -o id 2>&1)"; then printf '%s\\n' "$cg_out"; ` +
      `cg_count="$(printf '%s\\n' "$cg_out" | grep -c . || true)"; echo "The organization listing returned $cg_count repositories."; ` +
      `cg_case "${CHECK_STAGES.listing}: $cg_count found"; else cg_fail '${CHECK_STAGES.listing}' "$cg_out"; fi`,
  ];
  if (resolved.image) {
    lines.push(CONFIGURE_DOCKER_LINE, `docker pull ${shellQuote(imageReference(resolved.organization, resolved.image))}`);
  }
  return lines;
}
