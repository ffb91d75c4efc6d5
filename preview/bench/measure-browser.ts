// Time from navigation to an interactive form, in headless Chromium against
// the preview (simulated Bitbucket with injected latency). Each run uses a new
// browser context, so nothing is cached between runs.
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
