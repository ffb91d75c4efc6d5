// The role picker: Chainguard's built-in roles, each with its one-line meaning.
import Select from '@atlaskit/select';
import { BUILT_IN_ROLES, type RoleInfo } from '../../../../src/core/roles';
import { FieldError, FieldHelp, FieldLabel } from './FieldMessage';

interface RoleOption {
  label: string;
  value: string;
  meaning: string;
}

const options: RoleOption[] = BUILT_IN_ROLES.map((role: RoleInfo) => ({ label: role.name, value: role.name, meaning: role.meaning }));

export function RoleSelect({ value, onChange, error }: { value: string; onChange: (role: string) => void; error?: string }) {
  const selected = options.find((option) => option.value === value) ?? null;
  return (
    <div>
      <FieldLabel htmlFor="role">Role</FieldLabel>
      <Select<RoleOption>
        inputId="role"
        options={options}
        value={selected}
        isClearable={false}
        isSearchable
        aria-describedby="role-help role-error"
        onChange={(option) => option && onChange(option.value)}
        formatOptionLabel={(option, meta) =>
          meta.context === 'menu' ? (
            <div>
              <div>{option.label}</div>
              <div style={{ fontSize: 12, opacity: 0.8 }}>{option.meaning}</div>
            </div>
          ) : (
            option.label
          )
        }
      />
      <FieldHelp id="role-help">{selected ? selected.meaning : 'Pick a role; registry.pull is enough to pull images.'}</FieldHelp>
      <FieldError id="role-error" message={error} />
    </div>
  );
}
