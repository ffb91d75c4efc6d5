// What the form holds, and how it maps to the shared IdentityChoices /
// PipelineSelection. Empty text means "use the default" (the core fills it).
import type { SavedChoices } from '@app/api/contract';
import type { IdentityChoices, PipelineSelection, RepositoryFacts } from '@app/core/types';
import { DEFAULT_ROLE } from '@app/core/roles';

/** The four answers to "who may assume the identity"; main and other branch are both branch trust. */
export type TrustOption = 'main-branch' | 'other-branch' | 'environment' | 'repository';

export interface FormState {
  organization: string;
  identityName: string;
  role: string;
  trustOption: TrustOption;
  otherBranch: string;
  environmentUuid: string;
  imageName: string;
  imageTag: string;
  /** chainctl release the pipeline installs; empty = latest. */
  chainctlVersion: string;
  /** StepRef ids chosen to receive `oidc: true`. */
  selectedSteps: string[];
  addCustomPipeline: boolean;
}

export function emptyForm(facts: RepositoryFacts): FormState {
  return {
    organization: '',
    identityName: '',
    role: DEFAULT_ROLE,
    trustOption: 'main-branch',
    otherBranch: '',
    environmentUuid: facts.environments[0]?.uuid ?? '',
    imageName: '',
    imageTag: '',
    chainctlVersion: '',
    selectedSteps: [],
    addCustomPipeline: true,
  };
}

/**
 * The form as it was last saved, or empty when nothing was saved. Saved steps
 * that the current file no longer has are dropped (there is no checkbox left to
 * untick them, and the plan would refuse them).
 */
export function formFromSaved(facts: RepositoryFacts, saved: SavedChoices | null, stepIds?: readonly string[]): FormState {
  const form = emptyForm(facts);
  if (!saved) return form;
  const { choices, selection } = saved;
  form.organization = choices.organization ?? '';
  form.identityName = choices.identityName ?? '';
  form.role = choices.role ?? DEFAULT_ROLE;
  const trust = choices.trust;
  if (trust?.kind === 'branch') {
    if (trust.branch === facts.repository.mainBranch) form.trustOption = 'main-branch';
    else {
      form.trustOption = 'other-branch';
      form.otherBranch = trust.branch;
    }
  } else if (trust?.kind === 'environment') {
    form.trustOption = 'environment';
    form.environmentUuid = trust.environmentUuid;
  } else if (trust?.kind === 'repository') {
    form.trustOption = 'repository';
  }
  form.imageName = choices.image?.name ?? '';
  form.imageTag = choices.image?.tag ?? '';
  form.chainctlVersion = choices.chainctlVersion ?? '';
  form.selectedSteps = (selection?.steps ?? []).filter((id) => stepIds === undefined || stepIds.includes(id));
  form.addCustomPipeline = selection?.addCustomPipeline ?? true;
  return form;
}

export function choicesFromForm(form: FormState, facts: RepositoryFacts): IdentityChoices {
  const choices: IdentityChoices = { organization: form.organization, role: form.role, trust: trustFromForm(form, facts) };
  if (form.identityName.trim() !== '') choices.identityName = form.identityName;
  if (form.imageName.trim() !== '' || form.imageTag.trim() !== '') {
    choices.image = { name: form.imageName, tag: form.imageTag };
  }
  if (form.chainctlVersion.trim() !== '') choices.chainctlVersion = form.chainctlVersion;
  return choices;
}

export function selectionFromForm(form: FormState): PipelineSelection {
  return { steps: [...form.selectedSteps], addCustomPipeline: form.addCustomPipeline };
}

function trustFromForm(form: FormState, facts: RepositoryFacts): IdentityChoices['trust'] {
  switch (form.trustOption) {
    case 'main-branch':
      return { kind: 'branch', branch: facts.repository.mainBranch };
    case 'other-branch':
      return { kind: 'branch', branch: form.otherBranch };
    case 'environment':
      return { kind: 'environment', environmentUuid: form.environmentUuid };
    case 'repository':
      return { kind: 'repository' };
  }
}
