// The shell lines a pipeline step runs to assume the Chainguard identity.
// chainctl is downloaded at a pinned version and checked against the release's
// own checksum list before it runs: a tampered or truncated download fails the
// step instead of executing. The identity ID is read from the repository
// variable CHAINGUARD_IDENTITY, so the file never changes after terraform apply.
import type { ResolvedChoices } from '../types';

/**
 * chainctl release the pipeline installs. Pinned so every run executes the same
 * binary; bump it deliberately. This number could not be checked against the
 * release list while writing (no network): confirm it exists with
 * https://dl.enforce.dev/chainctl/latest/metadata.json before shipping.
 */
export const DEFAULT_CHAINCTL_VERSION = '0.2.84';

export const IDENTITY_VARIABLE_NAME = 'CHAINGUARD_IDENTITY';
export const CHAINCTL_DOWNLOAD_BASE = 'https://dl.enforce.dev/chainctl';

/** The line that exchanges the step's Bitbucket token for a Chainguard token. */
export const LOGIN_LINE =
  'chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"';
export const CONFIGURE_DOCKER_LINE =
  'chainctl auth configure-docker --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"';

const VERSION_SHAPE = /^\d+\.\d+\.\d+$/;

/** Quotes `value` as one POSIX shell word: nothing inside single quotes is expanded. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function checkedVersion(version: string): string {
  if (!VERSION_SHAPE.test(version)) {
    throw new Error(`chainctl version ${JSON.stringify(version)} is not of the form 1.2.3; pass a released version number.`);
  }
  return version;
}

/** Stops the step with a clear message when the repository variable is missing. */
export function identityVariableCheckLine(): string {
  return (
    `if [ -z "\${${IDENTITY_VARIABLE_NAME}:-}" ]; then echo "${IDENTITY_VARIABLE_NAME} is not set: add it under ` +
    `Repository settings > Repository variables with the identity ID that terraform apply printed." >&2; exit 1; fi`
  );
}

/** Download, checksum check and installation of chainctl on PATH. */
export function chainctlInstallLines(version: string = DEFAULT_CHAINCTL_VERSION): string[] {
  const base = `${CHAINCTL_DOWNLOAD_BASE}/${checkedVersion(version)}`;
  // Release assets are lowercase (chainctl_linux_x86_64, chainctl_linux_arm64);
  // `uname -s` says "Linux" and ARM machines say "aarch64".
  const platform = `CHAINCTL_PLATFORM="$(uname -s | tr '[:upper:]' '[:lower:]')_$(uname -m | sed 's/aarch64/arm64/')"`;
  return [
    platform,
    `curl -fsSL --retry 3 -o "chainctl_\${CHAINCTL_PLATFORM}" "${base}/chainctl_\${CHAINCTL_PLATFORM}"`,
    `curl -fsSL --retry 3 -o chainctl_checksums.txt "${base}/chainctl_checksums.txt"`,
    // An empty selection would make some sha256sum builds pass vacuously, so it is an error of its own.
    `grep -E "[ *]chainctl_\${CHAINCTL_PLATFORM}\\$" chainctl_checksums.txt > chainctl.sha256 || { echo "chainctl_checksums.txt has no entry for chainctl_\${CHAINCTL_PLATFORM}" >&2; exit 1; }`,
    `sha256sum -c chainctl.sha256 || { echo "chainctl does not match its published sha256 checksum; not running it." >&2; exit 1; }`,
    `install -m 0755 "chainctl_\${CHAINCTL_PLATFORM}" /usr/local/bin/chainctl`,
    `rm -f "chainctl_\${CHAINCTL_PLATFORM}" chainctl_checksums.txt chainctl.sha256`,
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

/** Full script of the generated check step: log in, list the organization's repositories, optionally pull. */
export function checkStepScript(resolved: ResolvedChoices, version?: string): string[] {
  const lines = [
    ...loginLines({ configureDocker: false, version }),
    `chainctl images repos list --parent ${shellQuote(resolved.organization)}`,
  ];
  if (resolved.image) {
    lines.push(CONFIGURE_DOCKER_LINE, `docker pull ${shellQuote(imageReference(resolved.organization, resolved.image))}`);
  }
  return lines;
}
