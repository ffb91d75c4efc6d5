// The whole path in the preview, as an admin walks it: organization → Copy all
// → apply in the Chainguard sandbox → paste the identity ID → Open pull request
// → merge → Run check → "Check passed". Then the two ways it fails, each with
// its reason on the page: an identity applied for another branch, and an
// identity ID the sandbox does not know.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { gotoSettings, openPreviewSession, typeOrganization, type PreviewSession } from './support/preview-page';

// Generous: on a loaded machine a poll round trip (resolver, simulator, page) can take seconds.
const CHECK_MS = 90_000;

function checkSection(page: Page) {
  return page.getByRole('region', { name: '5. Run the check' });
}

async function saveIdentity(page: Page, identityId: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Identity ID' }).fill(identityId);
  await page.getByRole('button', { name: 'Save identity ID' }).click();
  await page.getByText(/CHAINGUARD_IDENTITY (created|updated)/).waitFor({ timeout: 15_000 });
}

async function runCheck(page: Page, url: string): Promise<void> {
  await gotoSettings(page, url);
  const button = page.getByRole('button', { name: 'Run check' });
  await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
  await button.click();
}

describeInChromium('Run check, the whole path in Chromium', () => {
  let session: PreviewSession;
  let terraform = '';
  beforeAll(async () => {
    session = await openPreviewSession({ pipelineDelayMs: 0 });
  }, 240_000);
  afterAll(() => session?.close());

  it('organization → Copy all → sandbox apply → identity → pull request → merge → Run check → "Check passed"', async () => {
    const { page, preview, context } = session;
    await gotoSettings(page, preview.url);
    await typeOrganization(page, 'example.com');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Copy all' }).click();
    await page.getByText('Copied all files').waitFor({ timeout: 10_000 });
    terraform = await page.evaluate(() => navigator.clipboard.readText());
    expect(terraform).toContain('resource "chainguard_identity"');

    // The sandbox, as terraform apply: paste, Apply, read the output.
    const sandbox = await context.newPage();
    await sandbox.goto(new URL('/__preview/chainguard', preview.url).toString());
    await sandbox.getByLabel('Terraform').fill(terraform);
    await sandbox.getByRole('button', { name: 'Apply' }).click();
    const identityId = (await sandbox.locator('output#identity-id').innerText()).trim();
    expect(identityId).toMatch(/^[0-9a-f]{40}\/[0-9a-f]{16}$/);
    await sandbox.close();
    await page.bringToFront();

    await saveIdentity(page, identityId);
    const open = page.getByRole('button', { name: 'Open pull request' });
    await expect.poll(() => open.isEnabled(), { timeout: 10_000 }).toBe(true);
    await open.click();
    await page.getByTestId('pull-request-outcome').getByText(/Pull request #1 opened/).waitFor({ timeout: 15_000 });

    // Before the merge the check cannot run, and the page says why.
    await gotoSettings(page, preview.url);
    await checkSection(page).getByText(/chainguard-oidc is not on main yet/).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Run check' }).isDisabled()).toBe(true);

    await page.goto(new URL('/__preview/pull-requests', preview.url).toString());
    await page.getByRole('button', { name: 'Merge pull request #1' }).click();
    await page.locator('article[data-pr-id="1"] .state').filter({ hasText: 'MERGED' }).waitFor({ timeout: 10_000 });

    await runCheck(page, preview.url);
    await checkSection(page).getByText('Check passed', { exact: true }).waitFor({ timeout: CHECK_MS });
    expect(await checkSection(page).getByText(/the organization listing returned 3 repositories/).count()).toBe(1);
    // Every step of the checklist is done.
    const items = page.getByRole('list', { name: 'Setup checklist' }).locator('li[data-status]');
    await expect.poll(() => items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status'))), { timeout: 10_000 }).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    // The next visit shows the last run.
    await gotoSettings(page, preview.url);
    await checkSection(page).getByText(/^Last check passed .* on main\.$/).waitFor({ timeout: 15_000 });
  }, BROWSER_TEST_MS * 4);

  it('fails for an identity applied for another branch, naming the refused claim', async () => {
    const { page, preview } = session;
    expect(terraform).toContain('branchName     = "main"');
    const otherBranch = terraform.replace('branchName     = "main"', 'branchName     = "release"');
    const applied = await fetch(new URL('/__preview/chainguard/apply', preview.url), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: otherBranch });
    expect(applied.status).toBe(200);
    const { identityId } = (await applied.json()) as { identityId: string };
    await gotoSettings(page, preview.url);
    await saveIdentity(page, identityId);
    await runCheck(page, preview.url);
    await checkSection(page).getByText('Check failed', { exact: true }).waitFor({ timeout: CHECK_MS });
    await checkSection(page).getByText(/Chainguard refused the step's token/).waitFor();
    expect(await checkSection(page).getByRole('table', { name: 'Token claims and what the identity requires' }).count()).toBe(1);
    expect(await checkSection(page).getByText('branchName', { exact: true }).count()).toBeGreaterThan(0);
  }, BROWSER_TEST_MS * 2);

  it('fails for an identity ID the sandbox does not know', async () => {
    const { page, preview } = session;
    const bad = await fetch(new URL('/__preview/chainguard/apply', preview.url), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'resource "x" {' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/does not parse/);
    await gotoSettings(page, preview.url);
    await saveIdentity(page, `${'0'.repeat(40)}/${'1'.repeat(16)}`);
    await runCheck(page, preview.url);
    await checkSection(page).getByText('Check failed', { exact: true }).waitFor({ timeout: CHECK_MS });
    await checkSection(page).getByText(/Chainguard refused the step's token/).waitFor();
  }, BROWSER_TEST_MS * 2);
});
