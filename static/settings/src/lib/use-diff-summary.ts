// The diff the page shows for a planned file. The plan's worker task computes it
// with the plan (a long file makes the diff cost milliseconds per thousand
// lines), and the plan hook remembers it here; the page then reads it without
// diffing on the main thread. Anything not remembered is diffed here, as before.
import { useMemo } from 'react';
import { summariseDiff, type DiffSummary } from './line-diff';

interface Remembered {
  before: string;
  after: string;
  summary: DiffSummary;
}

/** The last few plans' diffs: enough for the plan on screen and the one replacing it. */
const REMEMBERED = 4;
const remembered: Remembered[] = [];

export function rememberDiff(before: string, after: string, summary: DiffSummary): void {
  remembered.unshift({ before, after, summary });
  remembered.length = Math.min(remembered.length, REMEMBERED);
}

export function recalledDiff(before: string, after: string): DiffSummary | null {
  return remembered.find((entry) => entry.before === before && entry.after === after)?.summary ?? null;
}

export function useDiffSummary(before: string, after: string): DiffSummary {
  return useMemo(() => recalledDiff(before, after) ?? summariseDiff(before, after), [before, after]);
}
