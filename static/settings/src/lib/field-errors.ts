// Routes the core's field errors to the inputs that show them.
import type { FieldError } from '@app/core/types';

/** Fields the identity form has an input for; other errors are listed under the form. */
export const FORM_FIELDS = ['organization', 'identityName', 'role', 'trust.branch', 'trust.environmentUuid', 'image.name', 'image.tag', 'chainctlVersion'] as const;

export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  const messages = errors.filter((error) => error.field === field).map((error) => error.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}

export function errorsWithoutField(errors: readonly FieldError[]): FieldError[] {
  return errors.filter((error) => !(FORM_FIELDS as readonly string[]).includes(error.field));
}
