// axe-core on the real page (light and dark), and the README screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../preview/preview-server';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { gotoSettings, openPreviewSession, typeOrganization, type PreviewSession } from './support/preview-page';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describeInChromium('accessibility and screenshots in Chromium', () => {
  let session: PreviewSession;
  beforeAll(async () => {
    session = await openPreviewSession();
  }, 240_000);
  afterAll(() => session?.close());

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation (${theme} theme), and saves the screenshot`, async () => {
      const { page, preview } = session;
      await gotoSettings(page, `${preview.url}?theme=${theme}`);
      // The page enabled theming, so the host applied the requested colour mode.
      await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      await typeOrganization(page, 'example.com');
      await page.getByRole('tab').first().waitFor();
      // Scan the settled page: lazily loaded parts (the code highlighter) have arrived.
      await page.waitForLoadState('networkidle');
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: unknown[] }> } }).axe;
        // The preview's own banner is not part of the app.
        const result = await axe.run({ exclude: [['#forge-preview-banner']] });
        // page-has-heading-one is a best-practice rule with moderate impact: kept below whatever its impact.
        return result.violations;
      })) as AxeViolation[];
      // The README's screenshot, taken whatever the scan says (the assertions follow).
      mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
      await page.locator('#forge-preview-banner').evaluate((banner) => (banner.style.display = 'none'));
      await page.screenshot({ path: join(REPO_ROOT, 'docs', `screenshot-${theme}.png`), fullPage: true });

      const blocking = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one')
        .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(blocking).toEqual([]);

      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // Dark theme tokens give a dark surface; the light theme a light one.
      const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
      const luminance = (r + g + b) / 3;
      if (theme === 'dark') expect(luminance).toBeLessThan(80);
      else expect(luminance).toBeGreaterThan(200);
    }, BROWSER_TEST_MS);
  }
});
