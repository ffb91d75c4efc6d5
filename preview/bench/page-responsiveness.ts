// Bench rows for "the page never freezes": with a hostile bitbucket-pipelines.yml
// on the main branch, the organization is typed in Chromium and every long task
// (> 50 ms) on the page's main thread is counted until the plan has answered.
import { seedRepository } from '../simulator';
import { startPreview } from '../preview-server';
import { longTasksWhileTyping } from './measure-browser';
import { atMost, ms, type Row } from './report';

const DEFAULT_STEP = 'pipelines:\n  default:\n    - step:\n        name: Build\n        script:\n          - make\n';

/** About 480 kB: 300 steps, each under a block of comment lines (comments cost bytes, not parse nodes). */
function largePlannableFile(): string {
  const comment = `        # ${'Explains the step in words a reviewer reads. '.repeat(2)}\n`;
  const steps = Array.from({ length: 300 }, (_, i) => `${comment.repeat(15)}    - step:\n        name: Step ${i}\n        script:\n          - make target-${i}\n`);
  return `pipelines:\n  default:\n${steps.join('')}`;
}

/**
 * The hostile classes that cost the planner seconds (before its bounds)
 * and a file near the size limit that is planned and diffed in full.
 */
export const RESPONSIVENESS_FILES: { label: string; text: string }[] = [
  {
    label: 'a 40,000-key mapping',
    text: `definitions:\n  data:\n${Array.from({ length: 40_000 }, (_, i) => `    k${i}: v${i}\n`).join('')}${DEFAULT_STEP}`,
  },
  {
    label: '16,000 aliases of one anchor',
    text: `definitions:\n  base: &base { a: 1 }\n  uses:\n${'    - *base\n'.repeat(16_000)}${DEFAULT_STEP}`,
  },
  // Just inside every stated limit, so the whole file is parsed and planned (in the Web Worker).
  {
    label: 'a 19,000-key mapping and 990 aliases, just inside the limits',
    text: `definitions:\n  base: &base { a: 1 }\n  uses:\n${'    - *base\n'.repeat(990)}  data:\n${Array.from({ length: 18_900 }, (_, i) => `    k${i}: v${i}\n`).join('')}${DEFAULT_STEP}`,
  },
  { label: '300 steps under long comments', text: largePlannableFile() },
];

export async function pageResponsivenessRows(options: { latencyMs: number; distDir: string; chromiumPath: string; organization: string }): Promise<Row[]> {
  const rows: Row[] = [];
  for (const file of RESPONSIVENESS_FILES) {
    const preview = await startPreview({
      port: 0,
      latencyMs: options.latencyMs,
      distDir: options.distDir,
      seed: (state) => void seedRepository(state, { workspace: 'acme', repository: 'web-app', files: { 'bitbucket-pipelines.yml': file.text } }),
    });
    try {
      let run: Awaited<ReturnType<typeof longTasksWhileTyping>>;
      try {
        run = await longTasksWhileTyping(preview, options.organization, options.chromiumPath);
      } catch (error) {
        // A file the server cannot answer for in time is a result too, not a crash of the whole bench.
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        rows.push({ area: 'Page responsiveness', measure: `Typing the organization (Chromium; main branch holds ${file.label})`, value: `not measured: ${reason}`, target: { text: 'page loads', met: false } });
        continue;
      }
      const what = `main branch holds ${file.label}, ${Math.round(file.text.length / 1000)} kB`;
      rows.push(
        {
          area: 'Page responsiveness',
          measure: `Long tasks > 50 ms on the main thread after the organization is typed, until 1 s after the pipeline section answers (Chromium; ${what})`,
          value: `${describeTasks(run.afterTyping)}; answered ${ms(run.answeredAfterMs)} after the last key: "${run.outcome}"`,
          target: atMost(run.afterTyping.length, 0),
        },
        {
          area: 'Page responsiveness',
          measure: `Same window, from a Chromium trace: main-thread tasks over 50 ms of CPU time (wall time above also counts waiting for a busy core)`,
          value: `${run.afterTypingCpu.tasksOver50Ms} (longest ${ms(run.afterTypingCpu.longestMs)})`,
          target: atMost(run.afterTypingCpu.tasksOver50Ms, 0),
        },
        {
          area: 'Page responsiveness',
          measure: `Long tasks > 50 ms while the ${options.organization.length} keys are typed, 40 ms apart (same run; rendering the form, not planning)`,
          value: describeTasks(run.whileTyping),
        },
      );
    } finally {
      await preview.close();
    }
  }
  return rows;
}

function describeTasks(durations: number[]): string {
  return durations.length === 0 ? '0' : `${durations.length} (longest ${ms(Math.max(...durations))})`;
}
