// A labelled native <select>. Atlaskit Select (react-select, popper, emotion)
// would add ~70 KB gzip to the first screen; the native control is smaller,
// keyboard-complete and follows the theme through design tokens.
import { token } from '@atlaskit/tokens';
import { FieldError, FieldHelp, FieldLabel } from './FieldMessage';

export interface SelectOption {
  value: string;
  label: string;
}

export interface NativeSelectProps {
  id: string;
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  help?: string;
  error?: string;
}

export function NativeSelect({ id, label, value, options, onChange, help, error }: NativeSelectProps) {
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  return (
    <div>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={help ? `${helpId} ${errorId}` : errorId}
        onChange={(event) => onChange(event.currentTarget.value)}
        style={{
          width: '100%',
          minHeight: 36,
          padding: '6px 8px',
          borderRadius: 3,
          border: `2px solid ${error ? token('color.border.danger', '#E2483D') : token('color.border.input', '#8590A2')}`,
          background: token('color.background.input', '#FFFFFF'),
          color: token('color.text', '#172B4D'),
          font: 'inherit',
        }}
      >
        {/* A value outside the list (e.g. a deleted environment) must not look chosen. */}
        {options.some((option) => option.value === value) ? null : (
          <option value={value} disabled>
            Choose…
          </option>
        )}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {help ? <FieldHelp id={helpId}>{help}</FieldHelp> : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
}
