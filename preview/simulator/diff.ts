// A small unified diff (git style) between two trees, for the pull request
// `diff` endpoint the local preview shows. Line diff by longest common
// subsequence: files here are a few hundred lines, so O(n·m) is fine.

export function unifiedDiff(before: Map<string, string>, after: Map<string, string>): string {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const parts: string[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    parts.push(`diff --git a/${path} b/${path}`);
    parts.push(a === undefined ? '--- /dev/null' : `--- a/${path}`);
    parts.push(b === undefined ? '+++ /dev/null' : `+++ b/${path}`);
    parts.push(...hunk(splitLines(a ?? ''), splitLines(b ?? '')));
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One hunk covering the whole file: simple, and exact for a preview. */
function hunk(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out = [`@@ -${n === 0 ? 0 : 1},${n} +${m === 0 ? 0 : 1},${m} @@`];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(` ${a[i]}`);
      i += 1;
      j += 1;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removals first, as git prints them.
      out.push(`-${a[i]}`);
      i += 1;
    } else {
      out.push(`+${b[j]}`);
      j += 1;
    }
  }
  return out;
}
