// A tiny HCL writer for the generated Terraform. Every string goes through
// hclString, so no input can end a string early, start an interpolation or a
// directive, or add an attribute or block. Output is laid out the way
// `terraform fmt` leaves it, so running fmt on it changes nothing:
//   - two-space indent;
//   - `=` aligned within a run of consecutive single-line attributes; a line
//     that opens a multi-line value (`claims = {`), a block line, a blank line
//     or a comment ends the run (hclwrite's formatCells does the same);
//   - one blank line around blocks; consecutive comment lines stay together.

/** A value on the right of `=`. */
export type HclExpr =
  | { kind: 'string'; value: string }
  | { kind: 'reference'; path: string }
  | { kind: 'expression'; text: string }
  | { kind: 'map'; entries: [string, HclExpr][] }
  /** `{ for key, item in collection : key => item.attr }`: an object keyed like the collection. */
  | { kind: 'for-object'; collection: string; key: string; item: string; result: string };

export type HclItem =
  | { kind: 'attribute'; name: string; value: HclExpr }
  | { kind: 'block'; type: string; labels: string[]; body: HclItem[] }
  | { kind: 'comment'; text: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// A traversal such as data.chainguard_role.role.items[0].id.
const REFERENCE = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\])+$/;

export const str = (value: string): HclExpr => ({ kind: 'string', value });

export function ref(path: string): HclExpr {
  if (!REFERENCE.test(path)) throw new Error(`HCL writer: ${JSON.stringify(path)} is not a reference (bug in the generator).`);
  return { kind: 'reference', path };
}

/**
 * A fixed expression written by the generator itself (a `for` or a function
 * call). Never built from input: input goes in `str`, which escapes it.
 */
export function expr(text: string): HclExpr {
  if (/[\n\r#]|\$\{|\/\*/.test(text)) throw new Error(`HCL writer: ${JSON.stringify(text)} is not a one-line fixed expression (bug in the generator).`);
  return { kind: 'expression', text };
}

/**
 * `{ for key, item in collection : key => result }`, where `result` is a
 * reference through `item` (e.g. "identity.id"). Every part is checked, so
 * only a plain projection of a collection can be written.
 */
export function forObject(collection: string, key: string, item: string, result: string): HclExpr {
  ref(collection);
  ref(result);
  for (const name of [key, item]) {
    if (KEYWORDS.has(identifier(name))) throw new Error(`HCL writer: ${JSON.stringify(name)} is a keyword (bug in the generator).`);
  }
  if (key === item || !result.startsWith(`${item}.`)) {
    throw new Error(`HCL writer: ${JSON.stringify(result)} is not a projection of ${JSON.stringify(item)} (bug in the generator).`);
  }
  return { kind: 'for-object', collection, key, item, result };
}

export const map = (entries: [string, HclExpr][]): HclExpr => ({ kind: 'map', entries });
export const attr = (name: string, value: HclExpr): HclItem => ({ kind: 'attribute', name, value });
export const block = (type: string, labels: string[], body: HclItem[]): HclItem => ({ kind: 'block', type, labels, body });
export const comment = (text: string): HclItem => ({ kind: 'comment', text });

function identifier(s: string): string {
  if (!IDENTIFIER.test(s)) throw new Error(`HCL writer: ${JSON.stringify(s)} is not an identifier (bug in the generator).`);
  return s;
}

function hex(codePoint: number): string {
  return codePoint > 0xffff
    ? `\\U${codePoint.toString(16).toUpperCase().padStart(8, '0')}`
    : `\\u${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

// Characters written as \u escapes: controls, line/paragraph separators and
// invisible format characters (bidi overrides, zero-width), which would
// otherwise make the file read differently from what it does.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  // Cannot be written in UTF-8; validation refuses such text, this is a last guard.
  if (LONE_SURROGATE.test(ch)) return '\\uFFFD';
  if (INVISIBLE.test(ch)) return hex(ch.codePointAt(0) as number);
  return ch;
}

/**
 * A quoted HCL string literal that reads back as exactly `value`, provided
 * `value` is in Unicode NFC form: HCL normalises every string to NFC (even
 * escaped characters), so the literal is written normalised to show what
 * Terraform will see. Validation refuses values where that would matter.
 */
export function hclString(value: string): string {
  let out = '';
  const chars = [...value.normalize('NFC')];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    // `${` and `%{` start an interpolation or directive: double the sigil.
    if ((ch === '$' || ch === '%') && chars[i + 1] === '{') out += ch + ch;
    else out += escapeChar(ch);
  }
  return `"${out}"`;
}

/** Text for a `#` comment: everything that could end the line is replaced. */
export function commentText(text: string): string {
  return [...text]
    .map((ch) => (LONE_SURROGATE.test(ch) || INVISIBLE.test(ch) ? ' ' : ch))
    .join('')
    .trimEnd();
}

// Bare words that HCL reads as values or as the start of a `for` expression.
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

function mapKey(key: string): string {
  return IDENTIFIER.test(key) && !KEYWORDS.has(key) ? key : hclString(key);
}

/** Lines of an attribute; a single line unless the value is a non-empty map. */
function renderAttribute(key: string, value: HclExpr, indent: string, keyWidth: number): string[] {
  const lead = `${indent}${key.padEnd(keyWidth)} = `;
  switch (value.kind) {
    case 'string':
      return [lead + hclString(value.value)];
    case 'reference':
      return [lead + value.path];
    case 'expression':
      return [lead + value.text];
    case 'for-object':
      return [`${lead}{ for ${value.key}, ${value.item} in ${value.collection} : ${value.key} => ${value.result} }`];
    case 'map': {
      if (value.entries.length === 0) return [`${lead}{}`];
      const inner = renderAssignments(
        value.entries.map(([k, v]) => [mapKey(k), v]),
        `${indent}  `,
      );
      return [`${indent}${key} = {`, ...inner, `${indent}}`];
    }
  }
}

const isSingleLine = (value: HclExpr) => value.kind !== 'map' || value.entries.length === 0;

/** Consecutive assignments with `=` aligned within each run of single-line ones. */
function renderAssignments(pairs: [string, HclExpr][], indent: string): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < pairs.length) {
    let end = i;
    while (end < pairs.length && isSingleLine((pairs[end] as [string, HclExpr])[1])) end++;
    const run = pairs.slice(i, end);
    const width = Math.max(0, ...run.map(([k]) => k.length));
    for (const [k, v] of run) lines.push(...renderAttribute(k, v, indent, width));
    if (end < pairs.length) {
      const [k, v] = pairs[end] as [string, HclExpr];
      lines.push(...renderAttribute(k, v, indent, 0));
    }
    i = end + 1;
  }
  return lines;
}

function renderBody(items: HclItem[], indent: string): string[] {
  const lines: string[] = [];
  let pending: [string, HclExpr][] = [];
  let previous: HclItem['kind'] | null = null;
  const flush = () => {
    lines.push(...renderAssignments(pending, indent));
    pending = [];
  };
  for (const item of items) {
    if (item.kind === 'attribute') {
      if (previous === 'block') lines.push('');
      pending.push([identifier(item.name), item.value]);
    } else {
      flush();
      // A blank line sets off every block; consecutive comment lines stay together.
      if (previous !== null && !(previous === 'comment' && item.kind === 'comment')) lines.push('');
      if (item.kind === 'comment') lines.push(`${indent}# ${commentText(item.text)}`.trimEnd());
      else lines.push(...renderBlock(item, indent));
    }
    previous = item.kind;
  }
  flush();
  return lines;
}

function renderBlock(b: Extract<HclItem, { kind: 'block' }>, indent: string): string[] {
  const header = [identifier(b.type), ...b.labels.map(hclString)].join(' ');
  if (b.body.length === 0) return [`${indent}${header} {}`];
  return [`${indent}${header} {`, ...renderBody(b.body, `${indent}  `), `${indent}}`];
}

/** A whole file: items at top level, ending with one newline. */
export function renderHcl(items: HclItem[]): string {
  return `${renderBody(items, '').join('\n')}\n`;
}
