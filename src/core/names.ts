// Naming rules the generated files must obey. Each check returns a problem in
// plain words (what is wrong, what to do) or null, so validation can attach it
// to the right field.

/** Chainguard's resource name rule (sdk validation/name.go), lowercase only. */
export const CHAINGUARD_NAME_RULE = /^[a-z0-9 ._-]{1,}$/;

/** Names longer than this are refused: nothing needs them and they hurt every display. */
export const MAX_NAME_LENGTH = 100;

/** Problem with a Chainguard name (organization, identity), or null when it is fine. */
export function chainguardNameProblem(value: string, what: string): string | null {
  if (value.length === 0) return `The ${what} is empty. Enter a name such as "example.com".`;
  if (value.length > MAX_NAME_LENGTH) {
    return `The ${what} is ${value.length} characters long; use at most ${MAX_NAME_LENGTH}.`;
  }
  if (CHAINGUARD_NAME_RULE.test(value)) return null;
  const lowered = value.toLowerCase();
  if (lowered !== value && CHAINGUARD_NAME_RULE.test(lowered)) {
    return `Chainguard names are lowercase only. Use "${lowered}" instead.`;
  }
  const others = [...new Set([...lowered].filter((c) => !CHAINGUARD_NAME_RULE.test(c)))];
  const shown = others.slice(0, 5).map((c) => (/\s/.test(c) ? 'a line break or tab' : `"${c}"`)).join(', ');
  return (
    `The ${what} may only contain lowercase letters a-z, digits, spaces, dots, ` +
    `underscores and hyphens, as Chainguard requires. Remove ${shown}.`
  );
}

/**
 * Default identity name for a repository: "bitbucket-<slug>", reduced to the
 * characters Chainguard allows. Bitbucket slugs are already close to the rule,
 * this only guards against odd input.
 */
export function deriveIdentityName(repositorySlug: string): string {
  const cleaned = repositorySlug
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const name = `bitbucket-${cleaned || 'pipelines'}`;
  return name.slice(0, MAX_NAME_LENGTH).replace(/[-.]+$/, '');
}

/** Git refuses branch names longer than a file name can be; Bitbucket follows. */
export const MAX_BRANCH_LENGTH = 255;

/**
 * Problem with a branch name under `git check-ref-format --branch` rules, or
 * null. The branch ends up as an exact claim value, so a name git would never
 * produce can only make an identity nobody can use.
 */
export function branchNameProblem(branch: string): string | null {
  if (branch.length === 0) return 'The branch is empty. Enter the branch whose pipelines may use the identity, e.g. "main".';
  if (branch.length > MAX_BRANCH_LENGTH) return `The branch name is longer than ${MAX_BRANCH_LENGTH} characters; check it.`;
  // Git forbids ASCII controls and spaces; other Unicode spaces, controls and
  // bidi overrides are refused too, since they only ever disguise a name.
  if (/[\s\p{Cc}\p{Cs}~^:?*[\\\u202a-\u202e\u2066-\u2069]/u.test(branch)) {
    return 'A branch name cannot contain spaces, control characters or any of ~ ^ : ? * [ \\. Check the branch name.';
  }
  if (/[{}]/.test(branch)) {
    // Like * ? and [ (refused above), braces are glob syntax in a `branches:` key: {a,b} lists alternatives.
    return (
      'A trusted branch name cannot contain { or }: in bitbucket-pipelines.yml a branch name is a pattern, and braces ' +
      'list alternatives, so the check would run on other branches too (and fail there). Rename the branch, or trust ' +
      'a deployment environment or the repository.'
    );
  }
  if (branch.normalize('NFC') !== branch) {
    // HCL turns every string into NFC, so the exact branchName claim could never match.
    return (
      'This branch name uses a Unicode form Terraform rewrites (it is not NFC-normalised), so an identity ' +
      'pinned to it could never match. Rename the branch, or trust a deployment environment or the repository.'
    );
  }
  if (branch === '@' || branch.includes('@{')) return 'A branch name cannot be "@" or contain "@{". Check the branch name.';
  if (branch.includes('..')) return 'A branch name cannot contain "..". Check the branch name.';
  if (branch.startsWith('-')) return 'A branch name cannot start with "-". Check the branch name.';
  if (branch.startsWith('/') || branch.endsWith('/') || branch.includes('//')) {
    return 'A branch name cannot start or end with "/" or contain "//". Check the branch name.';
  }
  if (branch.endsWith('.')) return 'A branch name cannot end with ".". Check the branch name.';
  for (const part of branch.split('/')) {
    if (part.startsWith('.')) return 'No part of a branch name may start with ".". Check the branch name.';
    if (part.endsWith('.lock')) return 'No part of a branch name may end with ".lock". Check the branch name.';
  }
  return null;
}

// Docker reference grammar, restricted to lowercase path components.
const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_NAME = new RegExp(`^${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*$`);
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export const MAX_IMAGE_NAME_LENGTH = 255;

/** Problem with an image repository name (the part after cgr.dev/<org>/), or null. */
export function imageNameProblem(name: string): string | null {
  if (name.length === 0) return 'The image name is empty. Enter a name such as "python", or leave the image out.';
  if (name.startsWith('cgr.dev/') || name.includes(':') || name.includes('@')) {
    return 'Give only the image name, e.g. "python" for cgr.dev/<organization>/python:latest; the tag goes in its own field.';
  }
  if (name.length > MAX_IMAGE_NAME_LENGTH) return `The image name is longer than ${MAX_IMAGE_NAME_LENGTH} characters; shorten it to the repository name after cgr.dev/<organization>/.`;
  if (!IMAGE_NAME.test(name)) {
    return (
      'The image name may only contain lowercase letters, digits and . _ - / between letters or digits ' +
      '(no leading, trailing or doubled separators), e.g. "python" or "tools/node".'
    );
  }
  return null;
}

/** Problem with an image tag, or null. */
export function imageTagProblem(tag: string): string | null {
  if (IMAGE_TAG.test(tag)) return null;
  return 'The tag must be 1-128 letters, digits, ".", "_" or "-", not starting with "." or "-", e.g. "latest".';
}
