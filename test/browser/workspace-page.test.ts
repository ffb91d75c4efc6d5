// The workspace page in Chromium, served by the preview like the repository
// page: scan progress, filter, select, Terraform, bulk pull requests and the
// outcomes with "Retry failed". Its resolver is a stand-in that keeps the
// contract (support/stand-in-workspace-resolvers.ts): this tests the page,
// its build and the preview's workspace route, not the backend.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { openPreviewSession, type PreviewSession } from './support/preview-page';
import { STAND_IN_REPOSITORIES, standInWorkspaceHandler } from './support/stand-in-workspace-resolvers';

describeInChromium('workspace page in Chromium', () => {
  let session: PreviewSession;
  const standIn = standInWorkspaceHandler({ failOnce: ['service-04'] });
  beforeAll(async () => {
    session = await openPreviewSession({ workspaceHandler: standIn.handler });
  }, 240_000);
  afterAll(() => session?.close());

  it('is linked from the repository page banner', async () => {
    const { page, preview } = session;
    await page.goto(preview.url);
    const link = page.locator('#forge-preview-banner').getByRole('link', { name: /^Workspace page/ });
    expect(await link.getAttribute('href')).toBe('/workspace/');
  }, BROWSER_TEST_MS);

  it('shows scan progress, filters and selects, generates Terraform, opens pull requests and retries the failed one', async () => {
    const { page, preview } = session;
    await page.goto(preview.workspaceUrl);
    // Progress while the (stand-in) scan runs, then the whole inventory once it is done.
    await page.getByText(/of 30 repositories \(\d+ read; \d+ Bitbucket requests\)/).first().waitFor({ timeout: 15_000 });
    await page.getByText('Last scan finished', { exact: false }).waitFor({ timeout: 20_000 });
    await page.getByText(`${STAND_IN_REPOSITORIES} of ${STAND_IN_REPOSITORIES} repositories shown; 0 selected.`).waitFor({ timeout: 15_000 });

    await page.getByLabel('Project').selectOption('PAY');
    await page.getByText('15 of 30 repositories shown; 0 selected.').waitFor();
    await page.getByRole('button', { name: 'Select all 15 shown' }).click();
    await page.getByText('15 of 30 repositories shown; 15 selected.').waitFor();

    await page.getByLabel('Chainguard organization').fill('acme.dev');
    await page.getByRole('heading', { name: '3. Terraform for 15 selected repositories' }).waitFor();
    await page.getByRole('tab', { name: 'main.tf' }).click();
    const main = page.getByRole('region', { name: 'Contents of main.tf' });
    await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('for_each    = local.repositories');
    const text = await main.innerText();
    expect(text).toContain('service-02 = {');
    expect(text).not.toContain('service-01 = {'); // Web project, not selected

    await page.getByRole('button', { name: 'Open pull requests (15)' }).click();
    await page.getByText('15 of 15 repositories done: 14 created, 1 failed.').waitFor({ timeout: 20_000 });
    const outcomes = page.getByRole('table', { name: 'Outcome per repository' });
    const first = outcomes.getByRole('row').nth(1);
    expect(await first.innerText()).toContain('service-04');
    expect(await first.innerText()).toContain('Bitbucket answered 503 three times. Retry later.');
    expect(await outcomes.getByRole('link', { name: /^Pull request #\d+ of service-02$/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Retry failed (1)' }).click();
    await page.getByText('15 of 15 repositories done: 15 created.').waitFor({ timeout: 20_000 });
    expect(standIn.steps.filter((slug) => slug === 'service-04')).toHaveLength(2);
    expect(standIn.steps).toHaveLength(16);
  }, BROWSER_TEST_MS);
});
