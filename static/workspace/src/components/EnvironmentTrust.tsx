// Environment trust for the selection: reads the selected repositories'
// deployment environments (progress shown as it goes), offers the names found
// with how many selected repositories have each, and lists the repositories
// that cannot trust the chosen one, each with the core's reason or why its
// environments could not be read.
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useMemo } from 'react';
import { NativeSelect } from '../../../settings/src/components/NativeSelect';
import { Notice } from '../../../settings/src/components/Notice';
import { TextInput } from '../../../settings/src/components/TextInput';
import { environmentOptions, optionFor, optionLabel, withoutEnvironment } from '../lib/environment-trust';
import type { EnvironmentReads } from '../lib/use-environment-reads';

/** Repositories listed by name before the rest are counted. */
const MAX_LISTED = 50;

export interface EnvironmentTrustProps {
  reads: EnvironmentReads;
  environmentName: string;
  onChange: (name: string) => void;
  error?: string;
}

export function EnvironmentTrust({ reads, environmentName, onChange, error }: EnvironmentTrustProps) {
  const { rows, byRepository, done, reading } = reads;
  const total = rows.length;
  const options = useMemo(() => environmentOptions(rows, byRepository), [rows, byRepository]);
  const missing = useMemo(() => withoutEnvironment(rows, byRepository, environmentName), [rows, byRepository, environmentName]);
  const failed = useMemo(() => [...byRepository.values()].filter((r) => r.state === 'failed').length, [byRepository]);
  const subtle = { color: token('color.text.subtle', '#44546F') };

  if (total === 0) {
    // Nothing to read yet: the name can be typed ahead of the selection.
    return (
      <TextInput
        id="environment-name"
        label="Deployment environment name"
        value={environmentName}
        onChange={onChange}
        error={error}
        help="Select repositories in the table: their deployment environments are read and offered here."
      />
    );
  }

  const chosen = optionFor(options, environmentName);
  const soFar = reading ? done : undefined;
  const selectOptions = options.map((o) => ({ value: o.name, label: optionLabel(o, total, soFar) }));
  if (!chosen && environmentName.trim() !== '') {
    selectOptions.push({ value: environmentName, label: optionLabel({ name: environmentName.trim(), count: 0 }, total, soFar) });
  }
  const shown = missing.slice(0, MAX_LISTED);
  return (
    <div>
      <p role="status" style={subtle}>
        {reading
          ? `Reading deployment environments: ${done} of ${total}`
          : `Read the deployment environments of ${total - failed} of ${total} selected ${total === 1 ? 'repository' : 'repositories'}.`}
      </p>
      {reading ? <progress max={total} value={done} aria-label="Deployment environments read" style={{ width: '100%' }} /> : null}
      <NativeSelect
        id="environment-name"
        label="Deployment environment"
        value={chosen ? chosen.name : environmentName}
        options={selectOptions}
        onChange={onChange}
        error={error}
        help="Deployment steps to the environment of this name may use each repository's identity. Names match ignoring case and surrounding spaces (an exact spelling wins)."
      />
      {!reading && options.length === 0 && failed < total ? (
        <Notice appearance="warning" title="No deployment environments">
          <p>None of the selected repositories has a deployment environment. Add one under Repository settings → Deployments, or choose another trust.</p>
        </Notice>
      ) : null}
      {missing.length > 0 ? (
        <div>
          <strong>
            {`${missing.length} selected ${missing.length === 1 ? 'repository' : 'repositories'} cannot trust "${environmentName.trim()}"`}
          </strong>
          <ul aria-label="Repositories without the environment">
            {shown.map((m) => (
              <li key={m.slug}>
                <code>{m.slug}</code>: {m.reason}
              </li>
            ))}
          </ul>
          {missing.length > shown.length ? <p style={subtle}>{`and ${missing.length - shown.length} more.`}</p> : null}
          <p style={subtle}>Deselect them, add the environment to them, or choose another trust.</p>
        </div>
      ) : null}
      {!reading ? (
        <div style={{ display: 'flex', gap: 8 }}>
          {failed > 0 ? <Button onClick={() => reads.readAgain('failed')}>{`Read the ${failed} that failed again`}</Button> : null}
          <Button appearance="subtle" onClick={() => reads.readAgain('all')}>
            Read all again
          </Button>
        </div>
      ) : null}
    </div>
  );
}
