// The real page (production build) in headless Chromium, against the preview:
// real resolver handler, simulated Bitbucket seeded with the demo repository.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_REPOSITORY_UUID, DEMO_WORKSPACE_UUID } from '../../preview/simulator';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { detectedValue, gotoSettings, openPreviewSession, typeOrganization, type PreviewSession } from './support/preview-page';

// Expected values written out from Bitbucket's documented forms, not computed by the app's code.
const ISSUER = 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
const AUDIENCE = `ari:cloud:bitbucket::workspace/${DEMO_WORKSPACE_UUID.slice(1, -1)}`;

describeInChromium('settings page in Chromium', () => {
  let session: PreviewSession;
  beforeAll(async () => {
    session = await openPreviewSession();
  }, 240_000);
  afterAll(() => session?.close());

  it('shows the detected UUIDs, issuer and audience of the repository', async () => {
    const { page, preview } = session;
    await gotoSettings(page, preview.url);
    expect(await detectedValue(page, 'Workspace')).toBe('acme');
    expect(await detectedValue(page, 'Repository')).toBe('web-app');
    expect(await detectedValue(page, 'Workspace UUID')).toBe(DEMO_WORKSPACE_UUID);
    expect(await detectedValue(page, 'Repository UUID')).toBe(DEMO_REPOSITORY_UUID);
    expect(await detectedValue(page, 'Identity provider URL')).toBe(ISSUER);
    expect(await detectedValue(page, 'Audience')).toBe(AUDIENCE);
  }, BROWSER_TEST_MS);

  it('shows Terraform for a typed organization, and "Copy all" copies exactly the files shown', async () => {
    const { page, preview } = session;
    await gotoSettings(page, preview.url);
    await typeOrganization(page, 'example.com');
    const tabs = page.getByRole('tab');
    await tabs.first().waitFor();
    const shown: { path: string; content: string }[] = [];
    for (let i = 0; i < (await tabs.count()); i++) {
      const path = (await tabs.nth(i).innerText()).trim();
      await tabs.nth(i).click();
      const region = page.getByRole('region', { name: `Contents of ${path}` });
      await region.waitFor();
      shown.push({ path, content: await region.innerText() });
    }
    const all = shown.map((f) => f.content).join('\n');
    for (const value of ['example.com', DEMO_REPOSITORY_UUID.slice(1, -1), ISSUER, AUDIENCE]) expect(all).toContain(value);

    await page.getByRole('button', { name: 'Copy all' }).click();
    await page.getByText('Copied all files').waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    // Copy all = each file under a "# <path>" line, separated by a blank line.
    const expected = shown.map((f) => `# ${f.path}\n${f.content.endsWith('\n') ? f.content : `${f.content}\n`}`).join('\n');
    expect(clipboard).toBe(expected);
  }, BROWSER_TEST_MS);

  it('shows the error beside the field and no Terraform for an invalid organization', async () => {
    const { page, preview } = session;
    await gotoSettings(page, preview.url);
    await typeOrganization(page, 'not an org!');
    const field = page.getByLabel('Chainguard organization');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
    const message = (await page.locator(`[id="${errorId}"]`).innerText()).trim();
    expect(message.length).toBeGreaterThan(10);
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.getByText('The Terraform appears here once the choices above are valid').count()).toBe(1);
  }, BROWSER_TEST_MS);

  it("fits a narrow settings frame: only code boxes scroll sideways, and an added line's colour spans the whole scroll width", async () => {
    const { page, preview } = session;
    const before = page.viewportSize();
    await page.setViewportSize({ width: 560, height: 900 });
    try {
      await gotoSettings(page, preview.url);
      await typeOrganization(page, 'example.com');
      const diff = page.getByRole('region', { name: 'Changes to bitbucket-pipelines.yml' }).locator('pre');
      await diff.waitFor();
      const widths = await diff.evaluate((pre) => ({
        page: document.documentElement.scrollWidth,
        frame: window.innerWidth,
        box: pre.clientWidth,
        scroll: pre.scrollWidth,
        added: Math.min(...Array.from(pre.querySelectorAll('ins'), (line) => (line as HTMLElement).offsetWidth)),
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.frame);
      expect(widths.scroll).toBeGreaterThan(widths.box); // the demo's long script lines do scroll
      expect(widths.added).toBeGreaterThanOrEqual(widths.scroll - 16); // 16: the box's own padding
    } finally {
      if (before) await page.setViewportSize(before);
    }
  }, BROWSER_TEST_MS);

  it('copying a detected value does not move the values beside it', async () => {
    const { page, preview } = session;
    const before = page.viewportSize();
    await page.setViewportSize({ width: 560, height: 900 });
    try {
      await gotoSettings(page, preview.url);
      const value = page.getByRole('row', { name: /^Audience/ }).locator('td').first();
      const width = () => value.evaluate((cell) => cell.getBoundingClientRect().width);
      const widthBefore = await width();
      await page.getByRole('button', { name: 'Copy Audience' }).click();
      await page.getByRole('row', { name: /^Audience/ }).getByText('Copied').waitFor();
      expect(await width()).toBe(widthBefore);
    } finally {
      if (before) await page.setViewportSize(before);
    }
  }, BROWSER_TEST_MS);

  it("follows the host's theme switch, as a page that enabled theming does on Bitbucket", async () => {
    const { page, preview } = session;
    await gotoSettings(page, `${preview.url}?theme=light`);
    const mode = () => page.evaluate(() => document.documentElement.getAttribute('data-color-mode'));
    await expect.poll(mode).toBe('light');
    await page.getByRole('button', { name: 'Use dark theme' }).click();
    await expect.poll(mode).toBe('dark');
    expect(new URL(page.url()).searchParams.get('theme')).toBe('dark');
  }, BROWSER_TEST_MS);
});

describeInChromium('settings page when Bitbucket is down, in Chromium', () => {
  let session: PreviewSession;
  beforeAll(async () => {
    session = await openPreviewSession();
  }, 240_000);
  afterAll(() => session?.close());

  it('says Bitbucket is not answering, and "Try again" recovers once it is back', async () => {
    const { page, preview } = session;
    const faults = preview.simulator!.faults;
    // Every read of the repository fails, however often the client retries.
    faults.fail('GET', /^\/2\.0\/repositories\/[^/]+\/[^/]+$/, 503, 1000);
    await page.goto(preview.url);
    await page.getByText('Bitbucket is not answering').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Chainguard organization').count()).toBe(0);
    faults.clear();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByLabel('Chainguard organization').waitFor({ timeout: 15_000 });
  }, BROWSER_TEST_MS);
});
