// Bitbucket's partial responses: `?fields=a.b,values.c` keeps only those paths
// (a path through an array applies to each element). Only the plain form is
// emulated; `+field` / `-field` (add to / remove from the default) are
// answered in full. Emulating it matters: a client that trims `fields` and
// forgets `next` or `size` loses them here exactly as it would on Bitbucket.

type Json = unknown;

function keep(value: Json, path: string[]): Json {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((item) => keep(item, path));
  if (value === null || typeof value !== 'object') return undefined;
  const [head, ...rest] = path;
  const child = (value as Record<string, Json>)[head as string];
  if (child === undefined) return undefined;
  return { [head as string]: keep(child, rest) };
}

function merge(a: Json, b: Json): Json {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((item, i) => merge(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const out: Record<string, Json> = { ...(a as Record<string, Json>) };
    for (const [key, value] of Object.entries(b as Record<string, Json>)) out[key] = merge(out[key], value);
    return out;
  }
  return b;
}

/** The body trimmed to `fields`, or the body unchanged when `fields` is absent or uses +/-. */
export function applyFields(body: Json, fields: string | null): Json {
  if (fields === null || fields.trim() === '') return body;
  const paths = fields.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  if (paths.some((p) => p.startsWith('+') || p.startsWith('-') || p.includes('*'))) return body;
  return paths.reduce<Json>((out, p) => merge(out, keep(body, p.split('.'))), {});
}
