// A line diff (Myers' O(ND) algorithm) for the pipeline preview. Our edits only
// insert a few lines into long files, so D is small and the work stays near-linear
// even for the 4,000-line files real repositories have.

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
  const ops = shortestEditScript(a, b);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === 'same') {
      out.push({ kind: 'same', text: b[j] as string, oldLine: i + 1, newLine: j + 1 });
      i += 1;
      j += 1;
    } else if (op === 'added') {
      out.push({ kind: 'added', text: b[j] as string, newLine: j + 1 });
      j += 1;
    } else {
      out.push({ kind: 'removed', text: a[i] as string, oldLine: i + 1 });
      i += 1;
    }
  }
  return out;
}

type Op = 'same' | 'added' | 'removed';

/** Beyond this many differing lines the preview shows a plain replacement rather than spend memory. */
const MAX_EDIT_DISTANCE = 2000;

function shortestEditScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  // v[k + offset] = furthest x reached on diagonal k; one snapshot per edit distance d.
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, MAX_EDIT_DISTANCE); d += 1) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[k - 1 + offset] as number) < (v[k + 1 + offset] as number));
      let x = down ? (v[k + 1 + offset] as number) : (v[k - 1 + offset] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      next[k + offset] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m, offset);
    }
    v = next;
  }
  return [...a.map((): Op => 'removed'), ...b.map((): Op => 'added')];
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number, offset: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d -= 1) {
    const v = trace[d] as Int32Array; // state before step d
    const k = x - y;
    const down = k === -d || (k !== d && (v[k - 1 + offset] as number) < (v[k + 1 + offset] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[prevK + offset] as number;
    const prevY = prevX - prevK;
    while (x > (down ? prevX : prevX + 1) && y > (down ? prevY + 1 : prevY)) {
      ops.push('same');
      x -= 1;
      y -= 1;
    }
    ops.push(down ? 'added' : 'removed');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('same');
    x -= 1;
    y -= 1;
  }
  return ops.reverse();
}

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
