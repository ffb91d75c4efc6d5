// A line diff for the pipeline preview, by jsdiff (`diff`), the field's standard
// Myers implementation. Our edits only insert a few lines into long files, so the
// edit distance D is small and O(ND) stays near-linear. The work is bounded:
// past MAX_EDIT_DISTANCE differing lines jsdiff gives up and the preview shows a
// plain replacement instead. What stays ours: splitting (CRLF-tolerant, a final
// newline adds no line), line numbers and hunks, which jsdiff does not give.
import { diffArrays } from 'diff';

export type DiffLine =
  | { kind: 'same'; text: string; oldLine: number; newLine: number }
  | { kind: 'added'; text: string; newLine: number }
  | { kind: 'removed'; text: string; oldLine: number };

/** Splits text into lines, accepting LF and CRLF; a final newline does not add an empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit turning `before` into `after`, line by line, in file order. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_DISTANCE }) ?? [
    { value: a, count: a.length, added: false, removed: true },
    { value: b, count: b.length, added: true, removed: false },
  ];
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.added) out.push({ kind: 'added', text, newLine: ++newLine });
      else if (change.removed) out.push({ kind: 'removed', text, oldLine: ++oldLine });
      else out.push({ kind: 'same', text, oldLine: ++oldLine, newLine: ++newLine });
    }
  }
  return out;
}

/** Beyond this many differing lines the preview shows a plain replacement rather than spend time and memory. */
export const MAX_EDIT_DISTANCE = 2000;

export interface Hunk {
  /** Unchanged lines hidden before this hunk. */
  hiddenBefore: number;
  lines: DiffLine[];
}

/** Groups a diff into hunks: every change with `context` unchanged lines around it. */
export function groupIntoHunks(diff: readonly DiffLine[], context = 3): { hunks: Hunk[]; hiddenAfter: number } {
  const keep = new Array<boolean>(diff.length).fill(false);
  diff.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(diff.length - 1, index + context); k += 1) keep[k] = true;
  });
  const hunks: Hunk[] = [];
  let hidden = 0;
  let open: Hunk | null = null;
  diff.forEach((line, index) => {
    if (!keep[index]) {
      hidden += 1;
      open = null;
      return;
    }
    if (!open) {
      open = { hiddenBefore: hidden, lines: [] };
      hunks.push(open);
      hidden = 0;
    }
    open.lines.push(line);
  });
  return { hunks, hiddenAfter: hidden };
}

/** What the page shows of a diff: the hunks, and how many lines are added and removed. */
export interface DiffSummary {
  hunks: Hunk[];
  hiddenAfter: number;
  added: number;
  removed: number;
}

export function summariseDiff(before: string, after: string): DiffSummary {
  const diff = diffLines(before, after);
  return {
    ...groupIntoHunks(diff),
    added: diff.filter((line) => line.kind === 'added').length,
    removed: diff.filter((line) => line.kind === 'removed').length,
  };
}
