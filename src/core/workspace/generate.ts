// Terraform for many repositories of a workspace, in the shape the admin
// chose. Validation and trust are the repository page's (resolveSelection);
// this only picks the shape.
import { resolveSelection } from './selection';
import { perRepositoryFiles } from './per-repository-terraform';
import { singleIdentityFiles } from './single-identity-terraform';
import type { WorkspaceTerraformInput, WorkspaceTerraformResult } from './types';

export function generateWorkspaceTerraform(input: WorkspaceTerraformInput): WorkspaceTerraformResult {
  const { choices } = input;
  if (choices === null || typeof choices !== 'object' || (choices.shape !== 'per-repository' && choices.shape !== 'single')) {
    return { ok: false, errors: [{ field: 'shape', message: 'Choose a shape: one identity per repository, or one identity for the selected repositories.' }] };
  }
  const selection = resolveSelection(input);
  if (!selection.ok) return selection;
  const { repositories } = selection;
  if (choices.shape === 'per-repository') {
    return { ok: true, files: perRepositoryFiles(input.workspace, choices.trust, repositories), repositories: repositories.length };
  }
  const files = singleIdentityFiles(input.workspace, choices, repositories);
  if (!files.ok) return files;
  return { ok: true, files: files.value, repositories: repositories.length };
}
