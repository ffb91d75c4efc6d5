// The preview's pull-request page shows the same line diff as the settings page
// (static/settings/src/lib/line-diff.ts, jsdiff underneath, bounded), without
// line numbers, with gaps between hunks as null.
import { diffLines as numberedDiff } from '../../static/settings/src/lib/line-diff';

export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string };

export function diffLines(beforeText: string, afterText: string): DiffLine[] {
  return numberedDiff(beforeText, afterText).map(({ kind, text }) => ({ kind, text }));
}

/** Keeps changed lines and `context` unchanged lines around them; gaps become null. */
export function withContext(lines: DiffLine[], context = 3): (DiffLine | null)[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  const out: (DiffLine | null)[] = [];
  lines.forEach((line, index) => {
    if (keep[index]) out.push(line);
    else if (out[out.length - 1] !== null) out.push(null);
  });
  return out;
}
