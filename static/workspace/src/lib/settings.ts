// The choices made once for all selected repositories, shared by the Terraform
// and the bulk pull requests so both always agree on who may use an identity.
import type { BulkIdentitySettings } from '@app/api/workspace-contract';
import { DEFAULT_ROLE } from '@app/core/roles';
import type { TerraformShape, WorkspaceTrust } from '@app/core/workspace';

export interface WorkspaceChoices {
  organization: string;
  role: string;
  trustKind: WorkspaceTrust['kind'];
  environmentName: string;
  shape: TerraformShape;
  steps: BulkIdentitySettings['steps'];
}

export const INITIAL_CHOICES: WorkspaceChoices = {
  organization: '',
  role: DEFAULT_ROLE,
  trustKind: 'main-branch',
  environmentName: 'Production',
  shape: 'per-repository',
  steps: 'suggested',
};

export function trustOf(choices: WorkspaceChoices): WorkspaceTrust {
  if (choices.trustKind === 'environment') return { kind: 'environment', environmentName: choices.environmentName };
  return { kind: choices.trustKind };
}

export function bulkSettingsOf(choices: WorkspaceChoices): BulkIdentitySettings {
  return { organization: choices.organization.trim(), role: choices.role, trust: trustOf(choices), steps: choices.steps };
}
