// Vocabulary of the workspace Terraform: which repositories, which shape, and
// the trust chosen once for all of them. The trust kinds match the bulk pull
// request settings of the workspace page (src/api/workspace-contract.ts), so
// the Terraform and the pull requests always agree on who may use an identity.
import type { FieldError, GeneratedFile } from '../types';

/** A repository from the workspace listing (UUIDs braced, as Bitbucket gives them). */
export interface WorkspaceRepository {
  slug: string;
  uuid: string;
  mainBranch: string;
  /** Deployment environments; only needed for environment trust (undefined: not read). */
  environments?: { uuid: string; name: string }[];
}

/** Who may assume the identities, chosen once for every selected repository. */
export type WorkspaceTrust =
  /** Each repository trusts steps on its own main branch (as the repository page does by default). */
  | { kind: 'main-branch' }
  /** Deployment steps to the environment of this name, in each repository. */
  | { kind: 'environment'; environmentName: string }
  /** Any step of the repository, on any branch. */
  | { kind: 'repository' };

/**
 * `per-repository`: one identity and role binding per repository, each with its own ID.
 * `single`: one identity for all selected repositories, paired with the workspace variable.
 */
export type TerraformShape = 'per-repository' | 'single';

export interface WorkspaceTerraformChoices {
  shape: TerraformShape;
  /** Chainguard organization name, e.g. "example.com". */
  organization: string;
  /** Default "registry.pull". */
  role?: string;
  trust: WorkspaceTrust;
  /** Single shape only: default "bitbucket-<workspace slug>". */
  identityName?: string;
  /** Single shape only: one line; default names the workspace and the count. */
  description?: string;
}

export interface WorkspaceTerraformInput {
  workspace: { slug: string; uuid: string };
  repositories: WorkspaceRepository[];
  choices: WorkspaceTerraformChoices;
}

export type WorkspaceTerraformResult =
  | { ok: true; files: GeneratedFile[]; repositories: number }
  | { ok: false; errors: FieldError[] };
