// Time from navigation to an interactive form, in headless Chromium against
// the preview (simulated Bitbucket with injected latency). Each run uses a new
// browser context, so nothing is cached between runs.
import type { Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import type { Preview } from '../preview-server';

/** Milliseconds from navigation start until the organization field exists and is enabled, per run. */
export async function timeToInteractiveForm(preview: Preview, runs: number, executablePath: string): Promise<number[]> {
  const browser = await launchChromium(executablePath);
  try {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(preview.url, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => {
          const field = document.getElementById('organization') as HTMLInputElement | null;
          // performance.now() counts from the navigation start of this document.
          return field && !field.disabled ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      times.push((await handle.jsonValue()) as number);
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}

export interface LongTaskRun {
  /** Long tasks (> 50 ms, as Chromium reports them) on the page's main thread while the keys were typed. */
  whileTyping: number[];
  /** Long tasks from the last keystroke until a second after the pipeline section answered. */
  afterTyping: number[];
  /**
   * The same window from a Chromium trace: main-thread tasks by CPU time (thread
   * time, not wall time), longest first. On a machine shared with other work a
   * task's wall time includes the time its thread waited for a core; its CPU
   * time is what the page itself spent.
   */
  afterTypingCpu: { tasksOver50Ms: number; longestMs: number };
  /** Milliseconds from the last keystroke until the pipeline section showed its answer (plan or refusal). */
  answeredAfterMs: number;
  /** What the pipeline section showed. */
  outcome: string;
}

/** The pipeline section's answer: a plan, the planner's refusal, or a failure notice. */
function pipelineAnswer(page: Page) {
  return page
    .locator('[aria-label="What changes"], [aria-label="Changes to bitbucket-pipelines.yml"]')
    // A file refused when the page loads (over a stated limit) answers with the notice at the top.
    .or(page.getByText(/cannot be changed this way|could not be prepared|already holds this change|on the main branch cannot be read$/))
    .first();
}

/**
 * Loads the page, then types the organization key by key (as a person does) with
 * a PerformanceObserver for `longtask` running, and keeps observing for a second
 * after the pipeline section answers.
 */
export async function longTasksWhileTyping(preview: Preview, organization: string, executablePath: string): Promise<LongTaskRun> {
  const browser = await launchChromium(executablePath);
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(preview.url);
    await page.waitForFunction(
      () => {
        const input = document.getElementById('organization') as HTMLInputElement | null;
        return input !== null && !input.disabled;
      },
      undefined,
      { timeout: 120_000 },
    );
    await page.evaluate(() => {
      const seen: { start: number; duration: number }[] = [];
      (window as unknown as { __longTasks: typeof seen }).__longTasks = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask' });
    });
    await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
    await page.locator('#organization').pressSequentially(organization, { delay: 40 });
    const typedAt = await page.evaluate(() => {
      performance.mark('bench:typed');
      return performance.now();
    });
    const started = Date.now();
    await pipelineAnswer(page).waitFor({ state: 'visible', timeout: 60_000 });
    const answeredAfterMs = Date.now() - started;
    const outcome = (await pipelineAnswer(page).innerText()).split('\n')[0]!.slice(0, 80);
    await page.waitForTimeout(1_000);
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.slice());
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    return {
      // A task that ends after the last key counts as after typing: the page was busy then.
      whileTyping: tasks.filter((task) => task.start + task.duration <= typedAt).map((task) => task.duration),
      afterTyping: tasks.filter((task) => task.start + task.duration > typedAt).map((task) => task.duration),
      afterTypingCpu: mainThreadCpuAfterMark(trace.traceEvents, 'bench:typed'),
      answeredAfterMs,
      outcome,
    };
  } finally {
    await browser.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Main-thread (CrRendererMain) tasks that end after `mark`, by thread (CPU) time. */
export function mainThreadCpuAfterMark(events: TraceEvent[], mark: string): { tasksOver50Ms: number; longestMs: number } {
  const marked = events.find((event) => event.name === mark);
  if (!marked) throw new Error(`The trace has no mark ${mark}; the page did not record it.`);
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const cpuMs = events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`) && e.ts + (e.dur ?? 0) > marked.ts)
    .map((e) => (e.tdur ?? e.dur ?? 0) / 1000);
  return { tasksOver50Ms: cpuMs.filter((value) => value > 50).length, longestMs: cpuMs.length > 0 ? Math.max(...cpuMs) : 0 };
}
