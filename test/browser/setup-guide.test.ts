// The page as a guide, in every preview scene and both themes: the heading and
// the "Setup checklist" are at the top; after opening the pull request and
// saving the identity ID their items follow; once the pull request is merged
// (in the simulator, as a person would in Bitbucket) step 4 says "Done" after
// a reload; axe finds nothing serious or critical and no missing h1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCENES, sceneNamed } from '../../preview/scenes';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { gotoSettings, openPreviewSession, typeOrganization, type PreviewSession } from './support/preview-page';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const IDENTITY_ID = `${'0123456789abcdef0123456789abcdef01234567'}/${'89abcdef01234567'}`;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The status word of the checklist item whose link reads `title`. */
async function statusOf(page: Page, title: string): Promise<string> {
  const item = page.getByRole('list', { name: 'Setup checklist' }).getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  return ((await item.locator('[data-status-word]').textContent()) ?? '').trim();
}

async function itemText(page: Page, title: string): Promise<string> {
  const item = page.getByRole('list', { name: 'Setup checklist' }).getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  return item.innerText();
}

async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    // The preview's own banner is not part of the app. page-has-heading-one is a best-practice rule: asked for by name.
    const result = await axe.run({ exclude: [['#forge-preview-banner']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scene of Object.keys(SCENES)) {
  for (const theme of ['light', 'dark'] as const) {
    describeInChromium(`setup guide in Chromium (scene ${scene}, ${theme})`, () => {
      let session: PreviewSession;
      beforeAll(async () => {
        session = await openPreviewSession({ seed: sceneNamed(scene) });
      }, 240_000);
      afterAll(() => session?.close());

      it('shows the heading and the checklist at the top, and they follow the pull request, the identity ID and the merge', async () => {
        const { page, preview } = session;
        const url = `${preview.url}?theme=${theme}`;
        await gotoSettings(page, url);
        await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
        const heading = page.getByRole('heading', { level: 1, name: 'Chainguard OIDC' });
        const checklist = page.getByRole('list', { name: 'Setup checklist' });
        expect(await heading.isVisible()).toBe(true);
        expect(await checklist.isVisible()).toBe(true);
        // At the top: both are inside the first screen, before the first section's heading.
        const viewport = page.viewportSize()!;
        const listBox = (await checklist.boundingBox())!;
        expect(listBox.y + listBox.height).toBeLessThanOrEqual(viewport.height);
        const firstSection = (await page.getByRole('heading', { level: 2 }).first().boundingBox())!;
        expect(listBox.y).toBeLessThan(firstSection.y);
        expect(await statusOf(page, 'Save the identity ID')).toBe('To do');

        await typeOrganization(page, 'example.com');
        await expect.poll(() => statusOf(page, 'Choose the organization and who may use the identity'), { timeout: 10_000 }).toBe('Done');
        await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
        expect(await axeProblems(page)).toEqual([]);

        const open = page.getByRole('button', { name: 'Open pull request' });
        await expect.poll(() => open.isEnabled(), { timeout: 10_000 }).toBe(true);
        await open.click();
        await page.getByText(/Pull request #1 opened/).first().waitFor({ timeout: 15_000 });
        // Focus moved to the outcome.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pull-request-outcome');
        await expect.poll(() => itemText(page, 'Merge the pull request')).toContain('Pull request #1 is open');

        await page.getByRole('textbox', { name: 'Identity ID' }).fill(IDENTITY_ID);
        await page.getByRole('button', { name: 'Save identity ID' }).click();
        await expect.poll(() => statusOf(page, 'Save the identity ID'), { timeout: 15_000 }).toBe('Done');
        expect(await statusOf(page, 'Apply the Terraform')).toBe('Done');
        expect(await axeProblems(page)).toEqual([]);

        // Someone merges the pull request in Bitbucket; the page, reloaded, sees the change on the main branch.
        const repo = preview.simulator!.state.findRepository('acme', 'web-app')!;
        preview.simulator!.state.mergePullRequest(repo, 1);
        await gotoSettings(page, url);
        await expect.poll(() => statusOf(page, 'Merge the pull request'), { timeout: 15_000 }).toBe('Done');
        expect(await statusOf(page, 'Save the identity ID')).toBe('Done');
        expect(await statusOf(page, 'Choose the organization and who may use the identity')).toBe('Done');
        expect(await axeProblems(page)).toEqual([]);
      }, BROWSER_TEST_MS * 2);
    });
  }
}
