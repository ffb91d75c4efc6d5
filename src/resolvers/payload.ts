// Turns a zod parse of a resolver payload into the `invalid-input` error the
// UI shows beside each field.
import type { z } from 'zod';
import type { UseCaseError } from '../usecases/types';

export type PayloadResult<T> = { ok: true; data: T } | { ok: false; error: UseCaseError };

/**
 * Field names follow IdentityChoices ("organization", "trust.branch"), as the
 * core's FieldErrors do, so the UI can place both kinds of error the same way.
 */
function fieldName(path: PropertyKey[]): string {
  const parts = path.map(String);
  if (parts[0] === 'choices' && parts.length > 1) parts.shift();
  return parts.length > 0 ? parts.join('.') : 'payload';
}

/** At most this many problems are described; the answer says how many more there were. */
export const MAX_REPORTED_ISSUES = 20;
/** A key is repeated in a message up to this many characters. */
const MAX_KEY_CHARS = 60;

function shownKey(key: string): string {
  return key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS)}…` : key;
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): PayloadResult<z.infer<S>> {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  // A payload can carry any number of bad keys; the answer stays small whatever it holds.
  const fields: { field: string; message: string }[] = [];
  let total = 0;
  for (const issue of parsed.error.issues) {
    // A misspelt key is reported under its own name, so the UI can say which one.
    const found =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => () => ({
            field: fieldName([...issue.path, shownKey(key)]),
            message: `Unknown field "${shownKey(key)}": remove it or check its spelling.`,
          }))
        : [() => ({ field: fieldName(issue.path), message: issue.message })];
    for (const describe of found) {
      total += 1;
      if (fields.length < MAX_REPORTED_ISSUES) fields.push(describe());
    }
  }
  const more = total - fields.length;
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'} (${total} in all)` : '');
  return {
    ok: false,
    error: { code: 'invalid-input', message: `Some values need fixing. ${summary}`, fields },
  };
}
