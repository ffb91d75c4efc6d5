// One preview (real handler, simulated Bitbucket, port 0) plus one Chromium
// page on it, and the few page interactions the browser tests share.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPreview, type Preview, type PreviewOptions } from '../../../preview/preview-server';
import { workspaceDistBeside } from '../../../preview/ui-build';
import { builtUiSnapshot } from './built-ui';
import { launchChromium } from './chromium';

export interface PreviewSession {
  preview: Preview;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openPreviewSession(options: Partial<PreviewOptions> = {}): Promise<PreviewSession> {
  const distDir = await builtUiSnapshot();
  const preview = await startPreview({ port: 0, distDir, workspaceDistDir: workspaceDistBeside(distDir), ...options });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  // Chromium asks before letting a page read the clipboard; a test grants it, as a user would.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(preview.url).origin });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return {
    preview,
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
      await preview.close();
      rmSync(dirname(distDir), { recursive: true, force: true });
      if (problems.length) throw new Error(`The page threw: ${problems.join('; ')}`);
    },
  };
}

/** Waits until loadPage has answered and the form is there. */
export async function gotoSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Chainguard organization').waitFor({ state: 'visible', timeout: 15_000 });
}

/** The text of a "Detected settings" row, by its label. */
export async function detectedValue(page: Page, label: string): Promise<string> {
  const row = page.locator('tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) });
  return (await row.locator('td').first().innerText()).trim();
}

export async function typeOrganization(page: Page, organization: string): Promise<void> {
  const field = page.getByLabel('Chainguard organization');
  await field.fill(organization);
  await field.blur();
}
