// Section 3: after `terraform apply`, the admin pastes the identity ID; it is
// saved as the repository variable the pipeline reads (CHAINGUARD_IDENTITY).
// The saved value lives in the page (`current`), so typing a new one never
// makes the variable look unset again.
import Button from '@atlaskit/button/new';
import { Notice } from './Notice';
import { Stack } from '@atlaskit/primitives/compiled';
import { memo, useState } from 'react';
import { validateIdentityId } from '@app/core/validation';
import { IDENTITY_VARIABLE, type SetupData, type UseCaseError } from '@app/usecases/types';
import { call } from '../bridge-call';
import { ErrorNotice } from './ErrorNotice';
import { TextInput } from './TextInput';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; value: string; created: boolean } | { kind: 'failed'; error: UseCaseError };

export interface IdentityIdSectionProps {
  /** CHAINGUARD_IDENTITY as loaded. */
  variable: SetupData['identityVariable'];
  /** Its value as the page knows it now (loaded, or saved here); null when not set. */
  current: string | null;
  onSaved: (value: string) => void;
}

// Memoised: its props rarely change while the admin types elsewhere on the page.
export const IdentityIdSection = memo(function IdentityIdSection({ variable, current, onSaved }: IdentityIdSectionProps) {
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const problem = validateIdentityId(value);

  /** `allowAccess` is set by the "Allow access" button: the resolver then lets Forge ask for consent. */
  async function save(allowAccess = false) {
    setTouched(true);
    if (problem) return;
    setState({ kind: 'saving' });
    const identityId = value.trim();
    const result = await call('saveIdentity', allowAccess ? { identityId, allowAccess } : { identityId });
    setState(result.ok ? { kind: 'saved', value: result.data.value, created: result.data.created } : { kind: 'failed', error: result.error });
    if (result.ok) onSaved(result.data.value);
  }

  return (
    <Stack space="space.150">
      <CurrentValue variable={variable} current={current} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        noValidate
      >
        <Stack space="space.100">
          <TextInput
            id="identity-id"
            label="Identity ID"
            value={value}
            placeholder="0123456789abcdef0123456789abcdef01234567/0123456789abcdef"
            help={`The bitbucket-identity output of terraform apply. It is saved as the repository variable ${IDENTITY_VARIABLE}, which the pipeline reads.`}
            error={touched ? problem?.message : undefined}
            onChange={(text) => {
              setValue(text);
              setTouched(true);
              if (state.kind !== 'saving') setState({ kind: 'idle' });
            }}
          />
          <div>
            <Button type="submit" appearance="primary" isDisabled={state.kind === 'saving'}>
              {state.kind === 'saving' ? 'Saving identity ID…' : 'Save identity ID'}
            </Button>
          </div>
        </Stack>
      </form>
      {state.kind === 'saved' ? (
        <Notice appearance="success" title={`${IDENTITY_VARIABLE} ${state.created ? 'created' : 'updated'}`}>
          <p>The pipeline will log in as identity {state.value}.</p>
        </Notice>
      ) : null}
      {state.kind === 'failed' ? <ErrorNotice error={state.error} onRetry={() => void save(false)} onAllowAccess={() => void save(true)} /> : null}
    </Stack>
  );
});

function CurrentValue({ variable, current }: { variable: SetupData['identityVariable']; current: string | null }) {
  if (!variable.available && current === null) return <p>Could not read {IDENTITY_VARIABLE}: {variable.reason}</p>;
  if (current === null) return <p>{IDENTITY_VARIABLE} is not set yet. Pipelines that log in to Chainguard stop with a clear message until it is.</p>;
  return (
    <p>
      {IDENTITY_VARIABLE} is set to <code>{current}</code>.
    </p>
  );
}
