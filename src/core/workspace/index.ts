// Public surface of the workspace Terraform: one configuration for many
// repositories, and reading back the IDs `terraform output -json` prints.
export * from './types';
export { WORKSPACE_TERRAFORM_LIMITS, resolveSelection, type ResolvedRepository } from './selection';
export { generateWorkspaceTerraform } from './generate';
export { IDENTITIES_OUTPUT } from './per-repository-terraform';
export { sharedClaimMatch } from './single-identity-terraform';
export * from './terraform-output';
