// Organization, role and trust, chosen once for every selected repository.
import { Stack } from '@atlaskit/primitives/compiled';
import type { FieldError } from '@app/core/types';
import { NativeSelect } from '../../../settings/src/components/NativeSelect';
import { RoleSelect } from '../../../settings/src/components/RoleSelect';
import { TextInput } from '../../../settings/src/components/TextInput';
import { errorFor } from '../../../settings/src/lib/field-errors';
import type { WorkspaceChoices } from '../lib/settings';
import type { EnvironmentReads } from '../lib/use-environment-reads';
import { EnvironmentTrust } from './EnvironmentTrust';

const TRUST_OPTIONS = [
  { value: 'main-branch', label: "Steps on each repository's main branch (recommended)" },
  { value: 'environment', label: 'Deployment steps to an environment of the same name in each repository' },
  { value: 'repository', label: 'Any step of each repository, on any branch' },
];


export function ChoicesForm({
  choices,
  onChange,
  errors,
  environments,
}: {
  choices: WorkspaceChoices;
  onChange: (next: WorkspaceChoices) => void;
  errors: readonly FieldError[];
  /** The selected repositories' environments; without it the name is typed. */
  environments?: EnvironmentReads;
}) {
  const set = <K extends keyof WorkspaceChoices>(key: K, value: WorkspaceChoices[K]) => onChange({ ...choices, [key]: value });
  return (
    <Stack space="space.150">
      <TextInput
        id="organization"
        label="Chainguard organization"
        value={choices.organization}
        onChange={(v) => set('organization', v)}
        placeholder="example.com"
        required
        error={errorFor(errors, 'organization')}
        help="The organization (root group) the identities are created in, as shown in the Chainguard console."
      />
      <RoleSelect value={choices.role} onChange={(v) => set('role', v)} error={errorFor(errors, 'role')} />
      <NativeSelect
        id="trust"
        label="Who may use the identities"
        value={choices.trustKind}
        options={TRUST_OPTIONS}
        onChange={(v) => set('trustKind', v as WorkspaceChoices['trustKind'])}
        error={errorFor(errors, 'trust')}
      />
      {choices.trustKind === 'environment' && environments ? (
        <EnvironmentTrust reads={environments} environmentName={choices.environmentName} onChange={(v) => set('environmentName', v)} error={errorFor(errors, 'trust.environmentName')} />
      ) : choices.trustKind === 'environment' ? (
        <TextInput
          id="environment-name"
          label="Deployment environment name"
          value={choices.environmentName}
          onChange={(v) => set('environmentName', v)}
          error={errorFor(errors, 'trust.environmentName')}
          help="Each selected repository must have a deployment environment of this name."
        />
      ) : null}
    </Stack>
  );
}
