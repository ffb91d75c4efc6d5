// The workspace page in Chromium, end to end on the real backend: `npm start -- --scene
// workspace` (301 simulated repositories), the bundled workspace resolvers, the
// scan on the emulated Forge queue with the real consumer, and bulk pull
// requests through the repository page's use case. What the page shows is
// checked against what the simulated Bitbucket ends up holding.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../preview/preview-server';
import { sceneNamed } from '../../preview/scenes';
import type { SimRepository } from '../../preview/simulator';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { openPreviewSession, type PreviewSession } from './support/preview-page';

const SETUP_BRANCH = 'chainguard-oidc-setup';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function fileAt(repo: SimRepository, branch: string, path: string): string | undefined {
  const tip = repo.branches.get(branch);
  return tip === undefined ? undefined : repo.commits.get(tip)?.files.get(path);
}

/** True when every line of `before` is in `after`, in order (our lines are only added). */
function keepsEveryLine(before: string, after: string): boolean {
  const lines = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    while (at < lines.length && lines[at] !== line) at += 1;
    if (at === lines.length) return false;
    at += 1;
  }
  return true;
}

describeInChromium('workspace page on the real backend', () => {
  let session: PreviewSession;
  beforeAll(async () => {
    // A little latency, so the scan's progress is there to be seen.
    session = await openPreviewSession({ seed: sceneNamed('workspace'), pipelineDelayMs: 0, latencyMs: 15 });
  }, 240_000);
  afterAll(() => session?.close());

  it('is linked from the repository page banner', async () => {
    const { page, preview } = session;
    await page.goto(preview.url);
    const link = page.locator('#forge-preview-banner').getByRole('link', { name: /^Workspace page/ });
    expect(await link.getAttribute('href')).toBe('/workspace/');
  }, BROWSER_TEST_MS);

  it('scans 301 repositories, filters and selects, generates Terraform, opens one pull request each and retries the failed one', async () => {
    const { page, preview } = session;
    const sim = preview.simulator!;
    await page.goto(preview.workspaceUrl);
    await page.getByRole('button', { name: 'Scan workspace' }).click();
    // Progress with the total from the first listing page on, then the end.
    await page.getByText(/^Scanned \d+ of 301 repositories so far\. \d+ Bitbucket requests\.$/).first().waitFor({ timeout: 30_000 });
    await page.getByRole('progressbar').first().waitFor();
    await page.getByText('Last scan finished', { exact: false }).waitFor({ timeout: 60_000 });
    await page.getByText('301 of 301 repositories shown; 0 selected.').waitFor({ timeout: 15_000 });

    // The last check, as the seeded runs left it (plat-service-0005 passed).
    await page.getByLabel('Filter by name').fill('plat-service-0005');
    const setUpRow = page.getByRole('row').filter({ hasText: 'plat-service-0005' });
    await expect.poll(() => setUpRow.innerText(), { timeout: 10_000 }).toMatch(/Passed/);
    expect(await setUpRow.getByRole('link', { name: /^Passed/ }).getAttribute('href')).toMatch(/\/plat-service-0005\/pipelines\/results\/1$/);

    // Platform repositories that need setting up.
    await page.getByLabel('Filter by name').fill('');
    await page.getByLabel('Project').selectOption('PLAT');
    await page.getByLabel('Status').selectOption('needs-setup');
    const shown = page.getByText(/^\d+ of 301 repositories shown; 0 selected\.$/);
    await shown.waitFor();
    const count = Number(/^(\d+)/.exec(await shown.innerText())![1]);
    const eligible = sim.state.repositories.filter((r) => r.project?.key === 'PLAT' && r.variables.length === 0 && r.slug !== 'web-app');
    expect(count).toBe(eligible.length);
    expect(count).toBeGreaterThan(10);
    await page.getByRole('button', { name: `Select all ${count} shown` }).click();
    await page.getByText(`${count} of 301 repositories shown; ${count} selected.`).waitFor();

    await page.getByLabel('Chainguard organization').fill('acme.dev');
    await page.getByRole('heading', { name: `3. Terraform for ${count} selected repositories` }).waitFor({ timeout: 15_000 });
    await page.getByRole('tab', { name: 'main.tf' }).click();
    const main = page.getByRole('region', { name: 'Contents of main.tf' });
    await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('for_each    = local.repositories');
    const terraform = await main.innerText();
    for (const repo of eligible) expect(terraform).toContain(`${repo.slug} = {`);
    expect(terraform).not.toContain('web-service-0001 = {');

    // One repository's pull request fails until the fault is lifted.
    const before = new Map(eligible.map((r) => [r.slug, fileAt(r, 'main', 'bitbucket-pipelines.yml')]));
    const victim = eligible[1]!;
    // The client addresses repositories by UUID (percent-encoded braces).
    const fault = sim.faults.fail('POST', new RegExp(`${victim.uuid.slice(1, -1)}(%7D|\\})/pullrequests$`, 'i'), 500, Infinity);
    await page.getByRole('button', { name: `Open pull requests (${count})` }).click();
    const outcomes = page.getByRole('table', { name: 'Outcome per repository' });
    await page.getByText(new RegExp(`^${count} of ${count} repositories done: ${count - 1} created, 1 failed\\.$`)).waitFor({ timeout: 60_000 });
    const failedRow = await outcomes.getByRole('row').filter({ hasText: victim.slug }).innerText();
    expect(failedRow).toContain('Could not create the pull request. Bitbucket answered 500');
    expect(failedRow).toContain('Try again in a minute');

    fault.remaining = 0;
    await page.getByRole('button', { name: 'Retry failed (1)' }).click();
    await page.getByText(`${count} of ${count} repositories done: ${count} created.`).waitFor({ timeout: 30_000 });
    expect(await outcomes.getByRole('link', { name: new RegExp(`^Pull request #\\d+ of ${victim.slug}$`) }).count()).toBe(1);

    // What Bitbucket holds: exactly one setup pull request per selected repository, every original line kept.
    for (const repo of eligible) {
      const setup = repo.pullRequests.filter((pr) => pr.sourceBranch === SETUP_BRANCH);
      expect(setup, repo.slug).toHaveLength(1);
      const original = before.get(repo.slug);
      const proposed = fileAt(repo, SETUP_BRANCH, 'bitbucket-pipelines.yml');
      expect(proposed, repo.slug).toContain('chainguard-oidc:');
      if (original !== undefined) expect(keepsEveryLine(original, proposed!), repo.slug).toBe(true);
    }
    const others = sim.state.repositories.filter((r) => !eligible.includes(r));
    expect(others.flatMap((r) => r.pullRequests.filter((pr) => pr.sourceBranch === SETUP_BRANCH))).toEqual([]);
  }, 180_000);

  it('reads the selected repositories\' deployment environments for environment trust and writes each one\'s own UUID', async () => {
    const { page, preview } = session;
    const sim = preview.simulator!;
    await page.goto(preview.workspaceUrl);
    await page.getByText(/^301 of 301 repositories shown; \d+ selected\.$/).waitFor({ timeout: 15_000 });
    if ((await page.getByRole('button', { name: 'Clear selection' }).isEnabled())) await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.getByLabel('Project').selectOption('MOB');
    // Repositories 4, 14 and 24 have deployments (Production, in any case).
    const chosen = ['mob-service-0004', 'mob-service-0014', 'mob-service-0024'];
    for (const slug of chosen) await page.getByLabel(`Select ${slug}`).check();
    await page.getByLabel('Chainguard organization').fill('acme.dev');
    await page.getByLabel('Who may use the identities').selectOption('environment');
    await page.getByLabel('Deployment environment', { exact: true }).selectOption('Production');
    await page.getByRole('heading', { name: '3. Terraform for 3 selected repositories' }).waitFor({ timeout: 15_000 });
    await page.getByRole('tab', { name: 'main.tf' }).click();
    const main = page.getByRole('region', { name: 'Contents of main.tf' });
    await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('environment_uuid');
    const terraform = await main.innerText();
    for (const slug of chosen) {
      const repo = sim.state.repositories.find((r) => r.slug === slug)!;
      const production = repo.environments.find((e) => e.name.toLowerCase() === 'production')!;
      expect(terraform).toContain(production.uuid.replace(/^\{|\}$/g, ''));
    }
  }, BROWSER_TEST_MS);

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation with the inventory, a selection and its Terraform showing (${theme} theme)`, async () => {
      const { page, preview } = session;
      await page.goto(`${preview.workspaceUrl}?theme=${theme}`);
      await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      await page.getByText(/^301 of 301 repositories shown; \d+ selected\.$/).waitFor({ timeout: 15_000 });
      await page.getByLabel('Project').selectOption('WEB');
      await page.getByRole('button', { name: /^Select all \d+ shown$/ }).click();
      await page.getByLabel('Chainguard organization').fill('acme.dev');
      await page.getByRole('tab', { name: 'main.tf' }).click();
      await page.getByRole('region', { name: 'Contents of main.tf' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: unknown[] }> } }).axe;
        return (await axe.run({ exclude: [['#forge-preview-banner']] })).violations;
      })) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
      if (theme === 'light') {
        // The README's picture of the workspace page, taken whatever the scan says (the assertion follows).
        mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
        await page.locator('#forge-preview-banner').evaluate((banner) => (banner.style.display = 'none'));
        await page.evaluate(() => window.scrollTo(0, 0)); // the scan and the inventory, as an admin first sees them
        await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshot-workspace.png') });
      }
      const blocking = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one')
        .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(blocking).toEqual([]);
    }, BROWSER_TEST_MS);
  }
});
