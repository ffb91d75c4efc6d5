// "Who may assume it": main branch, another branch, a deployment environment, or any step.
import { RadioGroup } from '@atlaskit/radio';
import { useState } from 'react';
import { Notice } from './Notice';
import type { RepositoryFacts } from '@app/core/types';
import type { TrustOption } from '../lib/form-state';
import { NativeSelect } from './NativeSelect';
import { TextInput } from './TextInput';

export interface TrustChooserProps {
  facts: RepositoryFacts;
  option: TrustOption;
  otherBranch: string;
  environmentUuid: string;
  onChange: (change: { option?: TrustOption; otherBranch?: string; environmentUuid?: string }) => void;
  branchError?: string;
  environmentError?: string;
}

export function TrustChooser({ facts, option, otherBranch, environmentUuid, onChange, branchError, environmentError }: TrustChooserProps) {
  const hasEnvironments = facts.environments.length > 0;
  const options = [
    { name: 'trust', value: 'main-branch', label: `Pipelines on the main branch (${facts.repository.mainBranch})` },
    { name: 'trust', value: 'other-branch', label: 'Pipelines on another branch' },
    {
      name: 'trust',
      value: 'environment',
      label: hasEnvironments ? 'Steps deploying to an environment' : 'Steps deploying to an environment (this repository has none)',
      isDisabled: !hasEnvironments,
    },
    { name: 'trust', value: 'repository', label: 'Any step of this repository' },
  ];
  const envOptions = facts.environments.map((env) => ({ label: env.name, value: env.uuid }));
  // Picking "another branch" should not greet the admin with "the branch is empty"
  // in red: the error waits until they typed or left the field (a saved branch counts).
  const [branchTouched, setBranchTouched] = useState(otherBranch !== '');
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 600, fontSize: 12, marginBottom: 4, padding: 0 }}>Who may assume it</legend>
      <RadioGroup options={options} value={option} onChange={(event) => onChange({ option: event.currentTarget.value as TrustOption })} />
      {option === 'other-branch' ? (
        <div style={{ marginTop: 8 }}>
          <TextInput
            id="trust-branch"
            label="Branch name"
            value={otherBranch}
            placeholder="release"
            onChange={(value) => {
              setBranchTouched(true);
              onChange({ otherBranch: value });
            }}
            onBlur={() => setBranchTouched(true)}
            error={branchTouched ? branchError : undefined}
          />
        </div>
      ) : null}
      {option === 'environment' ? (
        <div style={{ marginTop: 8 }}>
          <NativeSelect
            id="trust-environment"
            label="Deployment environment"
            value={environmentUuid}
            options={envOptions}
            onChange={(value) => onChange({ environmentUuid: value })}
            help="Only steps with deployment: set to this environment may assume the identity."
            error={environmentError}
          />
        </div>
      ) : null}
      {option === 'repository' ? (
        <div style={{ marginTop: 8 }}>
          <Notice appearance="warning" title="This trusts every branch and pull request">
            <p>
              Any step of this repository can assume the identity, including steps on feature branches and pull requests that anyone with write access can push. Prefer a
              branch or a deployment environment.
            </p>
          </Notice>
        </div>
      ) : null}
    </fieldset>
  );
}
