// Plain-text helpers for editing a file without re-serialising it: we insert
// whole lines (and at most overwrite a chosen step's plain `false` after
// `oidc:`), so everything else stays byte for byte.

export type LineEnding = '\n' | '\r\n';

/** The file's line ending: CRLF when its first line break is CRLF. */
export function detectLineEnding(text: string): LineEnding {
  const firstBreak = text.indexOf('\n');
  return firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
}

/** Offset of the first character of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just before the line break (\n or \r\n) that ends the line holding `offset`, or the text's end. */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

const BYTE_ORDER_MARK = '\uFEFF';

/** Where the line holding `offset` starts for indentation: past a byte order mark opening the file, which is no column. */
function indentStart(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return start === 0 && text.startsWith(BYTE_ORDER_MARK) && offset > 0 ? 1 : start;
}

/** Column (0-based, in characters) of `offset` within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - indentStart(text, offset);
}

/** True when only spaces stand between the start of the line and `offset`. */
export function onlySpacesBefore(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(indentStart(text, offset), offset));
}

/** Maps offsets to 1-based lines quickly (binary search over line starts). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

export interface Splice {
  /** Where the text goes. */
  at: number;
  text: string;
  /** Characters replaced from `at` on; absent for a pure insertion (the usual case). */
  replaces?: number;
}

/** Applies splices (any order, not overlapping); splices at the same offset keep their given order. */
export function applyInsertions(text: string, splices: Splice[]): string {
  const ordered = splices.map((s, i) => ({ ...s, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const parts: string[] = [];
  let cursor = 0;
  for (const s of ordered) {
    parts.push(text.slice(cursor, s.at), s.text);
    cursor = s.at + (s.replaces ?? 0);
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** Lines (without their breaks) each prefixed by `indent` spaces, as a block that starts a new line. */
export function indentLines(lines: string[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  return lines.map((l) => (l.length > 0 ? pad + l : l));
}

/**
 * Text to insert at a line's end so that `lines` follow it as whole lines. Put
 * at the end of a line (before its break), it works whether or not the file
 * ends with a newline, and never adds or removes the final newline.
 */
export function linesAfter(lines: string[], eol: LineEnding): string {
  return lines.map((l) => eol + l).join('');
}

/** Text to insert at a line's start so that `lines` precede it as whole lines. */
export function linesBefore(lines: string[], eol: LineEnding): string {
  return lines.map((l) => l + eol).join('');
}
