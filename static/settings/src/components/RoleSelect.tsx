// The role picker: Chainguard's built-in roles, each with its one-line meaning.
import { BUILT_IN_ROLES } from '@app/core/roles';
import { NativeSelect } from './NativeSelect';

const options = BUILT_IN_ROLES.map((role) => ({ value: role.name, label: `${role.name}: ${role.meaning}` }));

export function RoleSelect({ value, onChange, error }: { value: string; onChange: (role: string) => void; error?: string }) {
  const meaning = BUILT_IN_ROLES.find((role) => role.name === value)?.meaning;
  return (
    <NativeSelect
      id="role"
      label="Role"
      value={value}
      options={options}
      onChange={onChange}
      help={meaning ? `${value}: ${meaning}` : 'Pick a role; registry.pull is enough to pull images.'}
      error={error}
    />
  );
}
