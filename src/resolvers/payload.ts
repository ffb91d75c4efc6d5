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

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): PayloadResult<z.infer<S>> {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = parsed.error.issues.flatMap((issue) =>
    // A misspelt key is reported under its own name, so the UI can say which one.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldName([...issue.path, key]),
          message: `Unknown field "${key}": remove it or check its spelling.`,
        }))
      : [{ field: fieldName(issue.path), message: issue.message }],
  );
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return {
    ok: false,
    error: { code: 'invalid-input', message: `Some values need fixing. ${summary}`, fields },
  };
}
