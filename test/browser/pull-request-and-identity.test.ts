// "Open pull request" and "Save identity ID" from the real page, checked in
// the simulator's state (what Bitbucket would hold), not in the page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PIPELINE, DEMO_REPOSITORY_UUID, DEMO_WORKSPACE_UUID, type SimRepository } from '../../preview/simulator';
import { diffLines } from '../../preview/pages/line-diff';
import { sceneNamed } from '../../preview/scenes';
import { BROWSER_TEST_MS, describeInChromium } from './support/chromium';
import { gotoSettings, openPreviewSession, typeOrganization, type PreviewSession } from './support/preview-page';

describeInChromium('pull request and identity ID in Chromium', () => {
  let session: PreviewSession;
  let repo: SimRepository;
  beforeAll(async () => {
    session = await openPreviewSession();
    repo = session.preview.simulator!.state.findRepository(DEMO_WORKSPACE_UUID, DEMO_REPOSITORY_UUID)!;
  }, 240_000);
  afterAll(() => session?.close());

  it('opens exactly one pull request that keeps every original line and adds OIDC; a second click shows the same one', async () => {
    const { page, preview } = session;
    await gotoSettings(page, preview.url);
    await typeOrganization(page, 'example.com');
    // The page saves the choices a moment after typing stops; the reload below relies on them.
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
    const open = page.getByRole('button', { name: 'Open pull request' });
    await expect.poll(() => open.isEnabled(), { timeout: 10_000 }).toBe(true);
    await open.click();
    await page.getByTestId('pull-request-outcome').getByText(/Pull request #1 opened/).waitFor({ timeout: 15_000 });

    expect(repo.pullRequests).toHaveLength(1);
    const pr = repo.pullRequests[0]!;
    expect(pr.state).toBe('OPEN');
    const sourceTip = repo.commits.get(repo.branches.get(pr.sourceBranch)!)!;
    const changed = sourceTip.files.get('bitbucket-pipelines.yml')!;
    const diff = diffLines(DEMO_PIPELINE, changed);
    expect(diff.filter((line) => line.kind === 'removed')).toEqual([]);
    const added = diff.filter((line) => line.kind === 'added').map((line) => line.text);
    expect(added.some((line) => /^\s*oidc: true\s*$/.test(line))).toBe(true);
    // Only bitbucket-pipelines.yml changes.
    const base = repo.commits.get(pr.destinationCommit)!;
    const otherChanges = [...sourceTip.files.keys()].filter((path) => path !== 'bitbucket-pipelines.yml' && sourceTip.files.get(path) !== base.files.get(path));
    expect(otherChanges).toEqual([]);

    // Back on the page later: the open pull request is shown, and pressing again does not open another.
    await gotoSettings(page, preview.url);
    await page.getByText('Pull request #1 is already open').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Update pull request' }).click();
    await page.getByTestId('pull-request-outcome').getByText(/Pull request #1 (is up to date|updated)/).waitFor({ timeout: 15_000 });
    expect(repo.pullRequests).toHaveLength(1);
    expect(await page.getByRole('link', { name: 'View pull request #1' }).count()).toBe(1);
  }, BROWSER_TEST_MS);

  it("links to the pull request through the Forge router, and the preview's banner shows its diff", async () => {
    const { page, preview } = session;
    await gotoSettings(page, preview.url);
    // The page's link goes through the Forge router (the iframe cannot open windows itself).
    const opened = session.context.waitForEvent('page');
    await page.getByRole('link', { name: 'View pull request #1' }).click();
    const tab = await opened;
    await tab.locator('article[data-pr-id="1"]').waitFor({ timeout: 15_000 });
    // A background tab gets no animation frames in Chromium: close it and carry on in the settings page.
    await tab.close();
    await page.bringToFront();
    const navigations = await page.evaluate(() => window.__forgePreview.navigations); // recorded by the preview's host script
    // The simulated pull request's bitbucket.org link opens the preview's own pull-request page.
    expect(navigations.at(-1)).toMatchObject({ type: 'new-tab', url: expect.stringMatching(/\/pull-requests\/1$/), openedUrl: '/__preview/pull-requests?theme=light#pr-1' });

    // The preview's banner leads to the simulated pull request and its diff.
    await page.getByRole('link', { name: 'Pull requests' }).click();
    const article = page.locator('article[data-pr-id="1"]');
    await article.waitFor({ timeout: 15_000 });
    expect(await article.locator('h3').allInnerTexts()).toEqual(['bitbucket-pipelines.yml (modified)']);
    const addedOnPage = await article.locator('span.added').allInnerTexts();
    expect(addedOnPage.some((line) => /^\+\s+oidc: true$/.test(line))).toBe(true);
    expect(await article.locator('span.removed').count()).toBe(0);
  }, BROWSER_TEST_MS);

  it('saves a pasted identity ID as the CHAINGUARD_IDENTITY repository variable', async () => {
    const { page, preview } = session;
    const identityId = `${'0123456789abcdef0123456789abcdef01234567'}/${'89abcdef01234567'}`;
    await gotoSettings(page, preview.url);
    await page.getByRole('textbox', { name: 'Identity ID' }).fill(identityId);
    await page.getByRole('button', { name: 'Save identity ID' }).click();
    await page.getByText(/CHAINGUARD_IDENTITY (created|updated)/).waitFor({ timeout: 15_000 });
    const variable = repo.variables.find((v) => v.key === 'CHAINGUARD_IDENTITY');
    expect(variable?.value).toBe(identityId);
  }, BROWSER_TEST_MS);
});

describeInChromium('pull request for a repository without bitbucket-pipelines.yml', () => {
  let session: PreviewSession;
  beforeAll(async () => {
    session = await openPreviewSession({ seed: sceneNamed('no-pipeline') });
  }, 240_000);
  afterAll(() => session?.close());

  it('creates bitbucket-pipelines.yml with an oidc: true step in one pull request', async () => {
    const { page, preview } = session;
    const repo = preview.simulator!.state.findRepository('acme', 'web-app')!;
    await gotoSettings(page, preview.url);
    await typeOrganization(page, 'example.com');
    const open = page.getByRole('button', { name: 'Open pull request' });
    await expect.poll(() => open.isEnabled(), { timeout: 10_000 }).toBe(true);
    await open.click();
    await page.getByTestId('pull-request-outcome').getByText(/Pull request #1 opened/).waitFor({ timeout: 15_000 });
    expect(repo.pullRequests).toHaveLength(1);
    const tip = repo.commits.get(repo.branches.get(repo.pullRequests[0]!.sourceBranch)!)!;
    const created = tip.files.get('bitbucket-pipelines.yml');
    expect(created).toMatch(/^\s*oidc: true\s*$/m);
    expect(repo.commits.get(repo.pullRequests[0]!.destinationCommit)!.files.has('bitbucket-pipelines.yml')).toBe(false);
  }, BROWSER_TEST_MS);
});
