// The role picker: a short radio list with the roles that only pull first and
// the others behind "More roles". Each option names the role; its meaning, in
// Chainguard's words, is the option's description (never a repeat of the
// label). A role that can change things gets a warning notice saying what it
// allows; owner or editor for any step gets a stronger one.
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { BUILT_IN_ROLES, DEFAULT_ROLE, roleInfo, roleWarning } from '@app/core/roles';
import type { Trust } from '@app/core/types';
import { FieldError } from './FieldMessage';
import { Notice } from './Notice';

export interface RoleSelectProps {
  value: string;
  onChange: (role: string) => void;
  error?: string;
  /** The chosen trust's kind: owner or editor with "any step" gets the stronger warning. */
  trust?: Trust['kind'];
}

export function RoleSelect({ value, onChange, error, trust }: RoleSelectProps) {
  const [showAll, setShowAll] = useState(() => roleInfo(value)?.recommended !== true);
  // The chosen role stays visible even when the list is short.
  const roles = showAll ? BUILT_IN_ROLES : BUILT_IN_ROLES.filter((role) => role.recommended === true || role.name === value);
  const warning = roleWarning(value, trust);
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby="role-error">
      <legend style={{ fontWeight: 600, fontSize: 12, marginBottom: 4, padding: 0 }}>Role</legend>
      <p style={{ margin: '0 0 4px', fontSize: 12, color: token('color.text.subtle', '#44546F') }}>
        What the identity may do in the Chainguard organization. A pipeline that pulls images needs no more than {DEFAULT_ROLE}.
      </p>
      <div style={{ display: 'grid', gap: 4 }}>
        {roles.map((role) => {
          const id = `role-${role.name.replace(/[^a-z0-9]+/g, '-')}`;
          return (
            <div key={role.name} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <input
                type="radio"
                id={id}
                name="role"
                value={role.name}
                checked={value === role.name}
                onChange={() => onChange(role.name)}
                aria-describedby={`${id}-meaning`}
                style={{ margin: '3px 0 0', flexShrink: 0 }}
              />
              <span>
                <label htmlFor={id}>
                  <code>{role.name}</code>
                  {role.name === DEFAULT_ROLE ? ' (recommended)' : ''}
                </label>
                <span id={`${id}-meaning`} style={{ display: 'block', fontSize: 12, color: token('color.text.subtle', '#44546F') }}>
                  {role.meaning}
                </span>
              </span>
            </div>
          );
        })}
      </div>
      <div style={{ marginTop: 4 }}>
        <Button appearance="subtle" spacing="compact" aria-expanded={showAll} onClick={() => setShowAll((shown) => !shown)}>
          {showAll ? 'Fewer roles' : 'More roles'}
        </Button>
      </div>
      <FieldError id="role-error" message={error} />
      {warning ? (
        <div style={{ marginTop: 8 }}>
          <Notice appearance={warning.strength === 'strong' ? 'error' : 'warning'} title={warning.title}>
            <p>{warning.text}</p>
          </Notice>
        </div>
      ) : null}
    </fieldset>
  );
}
