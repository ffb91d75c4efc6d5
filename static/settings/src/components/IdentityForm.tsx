// Section 2: the admin's choices. Validated as they type by the core's resolveChoices.
import { Stack } from '@atlaskit/primitives/compiled';
import type { FieldError, RepositoryFacts } from '@app/core/types';
import { errorFor, errorsWithoutField } from '../lib/field-errors';
import type { FormState } from '../lib/form-state';
import { RoleSelect } from './RoleSelect';
import { TextInput } from './TextInput';
import { TrustChooser } from './TrustChooser';

export interface IdentityFormProps {
  facts: RepositoryFacts;
  form: FormState;
  onChange: (change: Partial<FormState>) => void;
  errors: readonly FieldError[];
  defaultIdentityName: string;
  /** The organization's "required" error waits until the admin has touched the field. */
  showOrganizationError: boolean;
  onOrganizationBlur: () => void;
}

export function IdentityForm({ facts, form, onChange, errors, defaultIdentityName, showOrganizationError, onOrganizationBlur }: IdentityFormProps) {
  const other = errorsWithoutField(errors).filter((error) => error.field !== 'organization');
  return (
    <form onSubmit={(event) => event.preventDefault()} noValidate>
      <Stack space="space.200">
        <TextInput
          id="organization"
          label="Chainguard organization"
          required
          value={form.organization}
          placeholder="example.com"
          help="The name of your organization in Chainguard (chainctl iam organizations list)."
          error={showOrganizationError ? errorFor(errors, 'organization') : undefined}
          onChange={(organization) => onChange({ organization })}
          onBlur={onOrganizationBlur}
        />
        <TextInput
          id="identity-name"
          label="Identity name"
          value={form.identityName}
          placeholder={defaultIdentityName}
          help={`Leave empty to use "${defaultIdentityName}".`}
          error={errorFor(errors, 'identityName')}
          onChange={(identityName) => onChange({ identityName })}
        />
        <RoleSelect value={form.role} onChange={(role) => onChange({ role })} error={errorFor(errors, 'role')} trust={trustKind(form.trustOption)} />
        <TrustChooser
          facts={facts}
          option={form.trustOption}
          otherBranch={form.otherBranch}
          environmentUuid={form.environmentUuid}
          branchError={errorFor(errors, 'trust.branch')}
          environmentError={errorFor(errors, 'trust.environmentUuid')}
          onChange={(change) =>
            onChange({
              ...(change.option !== undefined ? { trustOption: change.option } : {}),
              ...(change.otherBranch !== undefined ? { otherBranch: change.otherBranch } : {}),
              ...(change.environmentUuid !== undefined ? { environmentUuid: change.environmentUuid } : {}),
            })
          }
        />
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: 12, marginBottom: 4, padding: 0 }}>Image to pull (optional)</legend>
          <Stack space="space.100">
            <TextInput
              id="image-name"
              label="Image name"
              value={form.imageName}
              placeholder="python"
              help="The pipeline then pulls cgr.dev/<organization>/<image name>:<tag> to prove access."
              error={errorFor(errors, 'image.name')}
              onChange={(imageName) => onChange({ imageName })}
            />
            <TextInput id="image-tag" label="Image tag" value={form.imageTag} placeholder="latest" error={errorFor(errors, 'image.tag')} onChange={(imageTag) => onChange({ imageTag })} />
          </Stack>
        </fieldset>
        <TextInput
          id="chainctl-version"
          label="chainctl version"
          value={form.chainctlVersion}
          placeholder="latest"
          help="Leave empty for the latest release, as Chainguard's setup-chainctl does; or pin one, e.g. 0.2.313."
          error={errorFor(errors, 'chainctlVersion')}
          onChange={(chainctlVersion) => onChange({ chainctlVersion })}
        />
        {other.length > 0 ? (
          <ul aria-label="Other problems">
            {other.map((error) => (
              <li key={`${error.field}:${error.message}`}>{error.message}</li>
            ))}
          </ul>
        ) : null}
      </Stack>
    </form>
  );
}

function trustKind(option: FormState['trustOption']): 'branch' | 'environment' | 'repository' {
  return option === 'environment' ? 'environment' : option === 'repository' ? 'repository' : 'branch';
}
