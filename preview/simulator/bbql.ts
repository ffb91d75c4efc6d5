// The small subset of BBQL (Bitbucket's filter language) the app sends:
// `field = "value"` / `field != "value"` terms joined by AND, strings in double
// quotes with \" and \\ escapes. Anything else is refused with 400, like
// Bitbucket refuses a query it cannot parse, so a client bug shows up in tests.

export interface BbqlTerm {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type BbqlResult = { ok: true; terms: BbqlTerm[] } | { ok: false; message: string };

const FIELD = /^[a-z_]+(?:\.[a-z_]+)*/;

export function parseBbql(query: string): BbqlResult {
  const terms: BbqlTerm[] = [];
  let rest = query.trim();
  for (;;) {
    const field = FIELD.exec(rest)?.[0];
    if (!field) return { ok: false, message: `Expected a field name at "${rest.slice(0, 30)}"` };
    rest = rest.slice(field.length).trimStart();
    const op = rest.startsWith('!=') ? '!=' : rest.startsWith('=') ? '=' : null;
    if (!op) return { ok: false, message: `Expected = or != after ${field}` };
    rest = rest.slice(op.length).trimStart();
    const parsed = readQuoted(rest);
    if (!parsed) return { ok: false, message: `Expected a double-quoted string after ${field} ${op}` };
    terms.push({ field, op, value: parsed.value });
    rest = parsed.rest.trimStart();
    if (rest === '') return { ok: true, terms };
    const and = /^AND\s+/i.exec(rest);
    if (!and) return { ok: false, message: `Unsupported query syntax at "${rest.slice(0, 30)}" (only AND is supported)` };
    rest = rest.slice(and[0].length);
  }
}

function readQuoted(text: string): { value: string; rest: string } | null {
  if (!text.startsWith('"')) return null;
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined) return null;
      value += next;
      i += 1;
    } else if (ch === '"') {
      return { value, rest: text.slice(i + 1) };
    } else {
      value += ch;
    }
  }
  return null;
}

/** Applies terms to an object using a field accessor; unknown fields fail the whole query. */
export function matchesAll(terms: BbqlTerm[], read: (field: string) => string | undefined): boolean {
  return terms.every((t) => {
    const actual = read(t.field);
    return t.op === '=' ? actual === t.value : actual !== t.value;
  });
}
