// Chainguard's built-in IAM roles (notes/chainguard.md §3). The role binding
// refers to a role by name through `data "chainguard_role"`, so only names
// that exist server-side may be offered; the UI lists these with their meaning.

export interface RoleInfo {
  name: string;
  /** One line, plain words, for the role picker. */
  meaning: string;
}

export const DEFAULT_ROLE = 'registry.pull';

export const BUILT_IN_ROLES: readonly RoleInfo[] = [
  { name: 'registry.pull', meaning: 'Pull images from the organization registry (recommended for CI).' },
  { name: 'registry.push', meaning: 'Push and pull images, and create repositories.' },
  { name: 'registry.pull_token_creator', meaning: 'Pull images and create pull tokens.' },
  { name: 'apk.pull', meaning: "Pull the organization's APK packages only." },
  { name: 'libraries.java.pull', meaning: 'Pull Java libraries.' },
  { name: 'libraries.java.pull_token_creator', meaning: 'Pull Java libraries and create pull tokens for them.' },
  { name: 'libraries.python.pull', meaning: 'Pull Python libraries.' },
  { name: 'libraries.python.pull_token_creator', meaning: 'Pull Python libraries and create pull tokens for them.' },
  { name: 'libraries.javascript.pull', meaning: 'Pull JavaScript libraries.' },
  {
    name: 'libraries.javascript.pull_token_creator',
    meaning: 'Pull JavaScript libraries and create pull tokens for them.',
  },
  { name: 'viewer', meaning: 'Read-only access to everything, including pulling images and APKs.' },
  { name: 'console_viewer', meaning: 'Read-only console access; cannot pull images or APKs.' },
  { name: 'guardener.user', meaning: 'Use Guardener.' },
  { name: 'guardener.admin', meaning: 'Administer Guardener.' },
  { name: 'editor', meaning: 'Read everything and manage repositories; cannot grant roles. Too broad for CI.' },
  { name: 'limited_owner', meaning: 'Viewer plus creating identities and role bindings. Too broad for CI.' },
  { name: 'owner', meaning: 'Everything, including IAM. Never use for CI.' },
];

export function isBuiltInRole(name: string): boolean {
  return BUILT_IN_ROLES.some((role) => role.name === name);
}
