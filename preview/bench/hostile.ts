// Bench rows for "no file can hang the app": each hostile class and an honest
// file at the size limit, timed and measured for peak memory in a child
// process of its own (hostile-child.ts), as a resolver invocation would meet it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './hostile-child';
import { HOSTILE_CASES } from './hostile-files';
import { ms, under, type Row } from './report';

const CHILD = fileURLToPath(new URL('./hostile-child.ts', import.meta.url));
/** A little over Forge's default (512 MB) would be the real failure; the target is half of it. */
const PEAK_TARGET_MB = 256;
const TIME_TARGET_MS = 1_000;

function measure(name: string): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, name], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildResult;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export function hostileFileRows(): Row[] {
  const rows: Row[] = [];
  for (const name of [...HOSTILE_CASES.map((c) => c.name), 'honest']) {
    const result = measure(name);
    const label = name === 'honest' ? `an ordinary file at the size limit (${result.steps} steps, all chosen)` : name;
    rows.push(
      {
        area: 'Hostile files',
        measure: `${label}, ${size(result.bytes)}: loadPage's work (inspectPipeline)`,
        value: ms(result.loadMs),
        target: under(result.loadMs, TIME_TARGET_MS, ' ms'),
      },
      {
        area: 'Hostile files',
        measure: `${label}: openPullRequest's work (planPipeline; ${result.outcome})`,
        value: ms(result.planMs),
        target: under(result.planMs, TIME_TARGET_MS, ' ms'),
      },
      {
        area: 'Hostile files',
        measure: `${label}: peak memory of the process (after loading: ${Math.round(result.baselineMb)} MB)`,
        value: `${Math.round(result.peakMb)} MB`,
        target: under(result.peakMb, PEAK_TARGET_MB, ' MB'),
      },
    );
  }
  return rows;
}
