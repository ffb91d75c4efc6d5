// A labelled Atlaskit text field with its error beside it, wired for screen readers.
import Textfield from '@atlaskit/textfield';
import { FieldError, FieldHelp, FieldLabel } from './FieldMessage';

export interface TextInputProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  help?: string;
  placeholder?: string;
  required?: boolean;
}

export function TextInput({ id, label, value, onChange, onBlur, error, help, placeholder, required }: TextInputProps) {
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  return (
    <div>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      <Textfield
        id={id}
        name={id}
        value={value}
        placeholder={placeholder}
        isRequired={required}
        isInvalid={Boolean(error)}
        aria-invalid={error ? true : undefined}
        aria-describedby={help ? `${errorId} ${helpId}` : errorId}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.currentTarget.value)}
        onBlur={onBlur}
      />
      {help ? <FieldHelp id={helpId}>{help}</FieldHelp> : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
}
