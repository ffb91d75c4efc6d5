// Text under a form field: an error (what is wrong, what to do) or a helper line.
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  // Always rendered so the live region exists before the first error appears.
  return (
    <div id={id} aria-live="polite" style={{ color: token('color.text.danger', '#AE2E24'), fontSize: 12, marginTop: 4 }}>
      {message}
    </div>
  );
}

export function FieldHelp({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <div id={id} style={{ color: token('color.text.subtle', '#44546F'), fontSize: 12, marginTop: 4 }}>
      {children}
    </div>
  );
}

export function FieldLabel({ htmlFor, children, required }: { htmlFor: string; children: string; required?: boolean }) {
  // The asterisk sits outside <label> so the accessible name is exactly the label text;
  // the input's `required` attribute tells assistive tech the rest.
  return (
    <div style={{ marginBottom: 4, fontWeight: 600, fontSize: 12, color: token('color.text.subtle', '#44546F') }}>
      <label htmlFor={htmlFor}>{children}</label>
      {required ? (
        <span aria-hidden="true" style={{ color: token('color.text.danger', '#AE2E24') }}>
          {' '}
          *
        </span>
      ) : null}
    </div>
  );
}
