// The benchmark table: one row per measurement, with its target and ✓/✗ where
// there is one, as Markdown (docs/benchmarks.md and the terminal).

export interface Target {
  /** e.g. "≤ 2" */
  text: string;
  met: boolean;
}

export interface Row {
  area: string;
  measure: string;
  value: string;
  target?: Target;
}

/** Checks `value <= limit` and words it. */
export function atMost(value: number, limit: number, unit = ''): Target {
  return { text: `≤ ${limit}${unit}`, met: value <= limit };
}

/** Checks `value < limit` and words it. */
export function under(value: number, limit: number, unit = ''): Target {
  return { text: `< ${limit}${unit}`, met: value < limit };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderTable(rows: readonly Row[]): string {
  const lines = ['| Area | Measure | Value | Target |', '|---|---|---:|---|'];
  for (const row of rows) {
    const target = row.target ? `${row.target.met ? '✓' : '✗'} ${row.target.text}` : '';
    lines.push(`| ${cell(row.area)} | ${cell(row.measure)} | ${cell(row.value)} | ${cell(target)} |`);
  }
  return lines.join('\n');
}

/** Kilobytes of 1000 bytes, as Vite prints them. */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`;
}

export function allTargetsMet(rows: readonly Row[]): boolean {
  return rows.every((row) => !row.target || row.target.met);
}
