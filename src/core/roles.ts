// Chainguard's built-in IAM roles (notes/chainguard.md §3). The role binding
// refers to a role by name through `data "chainguard_role"`, so only names
// that exist server-side may be offered. Each meaning follows Chainguard's own
// description ("Overview of roles and role-bindings" and the "Built-in roles
// and capabilities reference" on edu.chainguard.dev), in one line.
import type { Trust } from './types';

export interface RoleInfo {
  name: string;
  /** One line, plain words, for the role picker. */
  meaning: string;
  /** Listed first in the picker: enough for a pipeline that pulls. */
  recommended?: boolean;
  /**
   * What the role allows beyond what a pipeline that pulls needs; set for
   * every role that can change something in the organization.
   */
  beyondPulling?: string;
}

export const DEFAULT_ROLE = 'registry.pull';

export const BUILT_IN_ROLES: readonly RoleInfo[] = [
  {
    name: 'registry.pull',
    meaning: "Pull images from the organization's registry and list its repositories and tags.",
    recommended: true,
  },
  { name: 'apk.pull', meaning: "Pull the organization's APK packages only; no access to its image registry.", recommended: true },
  { name: 'libraries.java.pull', meaning: 'Pull Java libraries.', recommended: true },
  { name: 'libraries.python.pull', meaning: 'Pull Python libraries.', recommended: true },
  { name: 'libraries.javascript.pull', meaning: 'Pull JavaScript libraries.', recommended: true },
  {
    name: 'viewer',
    meaning: 'Read-only access to images, policies, records, roles and more; can also pull images and APKs.',
  },
  { name: 'console_viewer', meaning: 'Browse the Chainguard Console without any image or APK pull access.' },
  {
    name: 'registry.push',
    meaning: 'Push and pull images: create, change and delete repositories, manifests and tags.',
    beyondPulling: 'It can push, overwrite and delete images and tags in the organization\'s registry.',
  },
  {
    name: 'registry.pull_token_creator',
    meaning: 'Pull images and create pull tokens.',
    beyondPulling: 'It can create identities and role bindings (pull tokens) that outlive the pipeline run.',
  },
  {
    name: 'libraries.java.pull_token_creator',
    meaning: 'Pull Java libraries and create pull tokens for them.',
    beyondPulling: 'It can create identities and role bindings (pull tokens) that outlive the pipeline run.',
  },
  {
    name: 'libraries.python.pull_token_creator',
    meaning: 'Pull Python libraries and create pull tokens for them.',
    beyondPulling: 'It can create identities and role bindings (pull tokens) that outlive the pipeline run.',
  },
  {
    name: 'libraries.javascript.pull_token_creator',
    meaning: 'Pull JavaScript libraries and create pull tokens for them.',
    beyondPulling: 'It can create identities and role bindings (pull tokens) that outlive the pipeline run.',
  },
  { name: 'guardener.user', meaning: 'Use Guardener.', beyondPulling: 'It can start Guardener sessions in the organization.' },
  { name: 'guardener.admin', meaning: 'Administer Guardener.', beyondPulling: 'It can administer Guardener for the organization.' },
  {
    name: 'editor',
    meaning: 'Read access with limited changes; can also push and pull images, libraries and APKs; cannot grant roles.',
    beyondPulling: 'It can push and pull images, libraries and APKs, and change event subscriptions.',
  },
  {
    name: 'limited_owner',
    meaning: 'Viewer, plus creating identities and role bindings.',
    beyondPulling: 'It can create identities and role bindings, that is, hand out access to the organization.',
  },
  {
    name: 'owner',
    meaning: 'Every privilege, including organizations, identities, role bindings, custom roles and subscriptions.',
    beyondPulling: 'It can do everything in the organization, including granting any role to anyone.',
  },
];

export function isBuiltInRole(name: string): boolean {
  return BUILT_IN_ROLES.some((role) => role.name === name);
}

export function roleInfo(name: string): RoleInfo | undefined {
  return BUILT_IN_ROLES.find((role) => role.name === name);
}

/** The roles Chainguard's docs single out as broad: with "any step" they put the whole organization in every branch's hands. */
const BROADEST = new Set(['owner', 'editor']);

export interface RoleWarning {
  /** strong: owner or editor for any step of the repository. */
  strength: 'warning' | 'strong';
  title: string;
  text: string;
}

/**
 * What to warn about for a role and trust: null for the roles that only read
 * or pull. The settings page shows it as a notice and the pull request's
 * description repeats it, so both say the same.
 */
export function roleWarning(role: string, trust: Trust['kind'] | undefined): RoleWarning | null {
  const info = roleInfo(role);
  if (!info?.beyondPulling) return null;
  if (BROADEST.has(role) && trust === 'repository') {
    return {
      strength: 'strong',
      title: `Any step of this repository would act as ${role}`,
      text:
        `${info.beyondPulling} With "Any step of this repository", every branch and pull request that anyone with write access pushes ` +
        `gets that power in the Chainguard organization. Choose registry.pull, or trust only the main branch or a deployment environment.`,
    };
  }
  return {
    strength: 'warning',
    title: `${role} allows more than pulling`,
    text: `${info.beyondPulling} A pipeline that only pulls images needs registry.pull.`,
  };
}
