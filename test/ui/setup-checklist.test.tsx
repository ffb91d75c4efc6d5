// @vitest-environment jsdom
// The setup checklist at the top of the page, in every state an admin meets:
// statuses come from the loaded data and the current form, never from an
// earlier message. Driven through the whole page (App) as a user would.
import './dom-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResultOf } from '../../src/api/contract';
import { CUSTOM_PIPELINE_NAME, listSteps, planPipeline } from '../../src/core/pipeline';
import { App } from '../../static/settings/src/App';
import { CHECK_PIPELINE_NAME } from '../../static/settings/src/lib/check-pipeline';
import { answer, deferred, resetBridge } from './fake-bridge';
import { corpusFile, facts, loadPageData, openPullRequest, type PageOptions } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

const ORG = 'acme.dev';
const CHOICES = { organization: ORG, role: 'registry.pull', trust: { kind: 'branch' as const, branch: 'main' } };
const IDENTITY_ID = `${'0123456789abcdef'.repeat(2)}01234567/89abcdef01234567`;
const TITLES = ['Choose the organization and who may use the identity', 'Apply the Terraform', 'Save the identity ID', 'Merge the pull request', 'Run the check'];

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
});
afterEach(cleanup);

async function renderLoaded(options: PageOptions = {}) {
  answer('loadPage', () => ({ ok: true, data: loadPageData(options) }));
  const user = userEvent.setup();
  render(<App saveDelayMs={5} />);
  await screen.findByLabelText('Chainguard organization');
  return user;
}

/** Each item's title, status word and reason, as read from the page. */
function checklist() {
  const list = screen.getByRole('list', { name: 'Setup checklist' });
  return within(list)
    .getAllByRole('listitem')
    .map((item) => ({
      title: within(item).getAllByRole('link')[0]!.textContent,
      status: item.querySelector('[data-status-word]')?.textContent ?? '',
      text: item.textContent ?? '',
    }));
}

function item(title: string) {
  const found = checklist().find((entry) => entry.title === title);
  if (!found) throw new Error(`no checklist item "${title}"`);
  return found;
}

describe('setup checklist', () => {
  it('sits under the h1, lists the five steps in the sections\' order, each linking to its section', async () => {
    await renderLoaded();
    const heading = screen.getByRole('heading', { level: 1, name: 'Chainguard OIDC' });
    const list = screen.getByRole('list', { name: 'Setup checklist' });
    expect(heading.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(checklist().map((entry) => entry.title)).toEqual(TITLES);
    const sections = screen.getAllByRole('region').map((region) => region.getAttribute('aria-labelledby'));
    const links = within(list).getAllByRole('link').map((link) => link.getAttribute('href')!.slice(1));
    links.forEach((target, index) => {
      expect(sections[index]).toBe(`${target}-heading`);
      expect(document.getElementById(`${target}-heading`)!.textContent).toBe(`${index + 1}. ${TITLES[index]}`);
    });
  });

  it('nothing chosen: step 1 asks for the organization, nothing is done, and nothing says to merge before steps 2 and 3', async () => {
    await renderLoaded();
    expect(item(TITLES[0]!)).toMatchObject({ status: 'To do' });
    expect(item(TITLES[0]!).text).toContain('Enter your Chainguard organization.');
    expect(checklist().filter((entry) => entry.status === 'Done')).toEqual([]);
    expect(item(TITLES[3]!).text).toContain('No pull request yet');
    expect(item(TITLES[3]!).text).toContain('once steps 2 and 3 are done');
    expect(document.body.textContent).not.toMatch(/Merge it to turn on/);
  });

  it('choices valid: step 1 is done; the Terraform is still to apply', async () => {
    const user = await renderLoaded();
    await user.type(screen.getByLabelText('Chainguard organization'), ORG);
    await waitFor(() => expect(item(TITLES[0]!).status).toBe('Done'));
    expect(item(TITLES[1]!).status).toBe('To do');
    expect(item(TITLES[1]!).text).toContain('terraform plan');
    // Invalid again: back to "to do", naming the field to fix, with no regular expression in sight.
    await user.type(screen.getByLabelText('Chainguard organization'), '!');
    await waitFor(() => expect(item(TITLES[0]!).status).toBe('To do'));
    expect(item(TITLES[0]!).text).toContain('Check Chainguard organization');
    expect(item(TITLES[0]!).text).not.toMatch(/\^\[|\]\{1,\}\$/);
  });

  it('pull request open (on load): step 4 says which, links to it, and asks to merge after steps 2 and 3', async () => {
    await renderLoaded({ saved: CHOICES, openPullRequest });
    const step4 = item(TITLES[3]!);
    expect(step4.status).toBe('To do');
    expect(step4.text).toContain('Pull request #3 is open. Merge it once steps 2 and 3 are done.');
    const list = screen.getByRole('list', { name: 'Setup checklist' });
    expect(within(list).getByRole('link', { name: 'Go to pull request #3 in Bitbucket' })).toBeInTheDocument();
  });

  it('pull request opened on the page: step 4 follows at once, without a reload', async () => {
    const user = await renderLoaded({ saved: CHOICES });
    answer('openPullRequest', () => ({
      ok: true,
      data: { outcome: 'created', message: 'Opened pull request #7.', changes: null, pullRequest: { ...openPullRequest, id: 7, url: 'https://bitbucket.org/acme/web-app/pull-requests/7' } },
    }));
    const button = await screen.findByRole('button', { name: 'Open pull request' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    await waitFor(() => expect(item(TITLES[3]!).text).toContain('Pull request #7 is open.'));
  });

  it('identity saved: steps 2 and 3 are done, and typing a new value does not make it look unset', async () => {
    const user = await renderLoaded({ saved: CHOICES });
    expect(item(TITLES[2]!).status).toBe('To do');
    answer('saveIdentity', (payload) => ({ ok: true, data: { key: 'CHAINGUARD_IDENTITY', value: payload.identityId, created: true } }));
    const region = screen.getByRole('region', { name: '3. Save the identity ID' });
    await user.type(within(region).getByLabelText('Identity ID'), IDENTITY_ID);
    await user.click(within(region).getByRole('button', { name: 'Save identity ID' }));
    await waitFor(() => expect(item(TITLES[2]!).status).toBe('Done'));
    expect(item(TITLES[1]!).status).toBe('Done');
    await user.type(within(region).getByLabelText('Identity ID'), 'x');
    expect(item(TITLES[2]!).status).toBe('Done');
    expect(within(region).getByText(IDENTITY_ID)).toBeInTheDocument();
    expect(within(region).queryByText(/is not set yet/)).not.toBeInTheDocument();
  });

  it('identity set on load: steps 2 and 3 are done', async () => {
    await renderLoaded({ saved: CHOICES, identityVariable: IDENTITY_ID });
    expect(item(TITLES[1]!).status).toBe('Done');
    expect(item(TITLES[2]!).status).toBe('Done');
  });

  it('pull request merged: the main branch already has the custom pipeline and oidc: true on the chosen steps, whoever made it', async () => {
    const listed = listSteps(corpusFile());
    if (!listed.ok) throw new Error('fixture');
    const chosen = listed.steps.find((step) => step.name === 'Login into Vault using OIDC and get secrets')!;
    const selection = { steps: [chosen.id], addCustomPipeline: true };
    const merged = planPipeline(corpusFile(), facts, CHOICES, selection);
    if (!merged.ok) throw new Error(merged.error.message);
    await renderLoaded({ saved: CHOICES, selection, pipelineFile: merged.content, openPullRequest: null });
    expect(item(TITLES[3]!).status).toBe('Done');
    expect(item(TITLES[3]!).text).toContain('Merged');
    // Step 5 now says where to run it, without "after step 4".
    expect(item(TITLES[4]!).text).toMatch(/^Run the check.*In Bitbucket, open Pipelines → Run pipeline, choose branch main and the custom pipeline chainguard-oidc\./);
    cleanup();
    // The same file without the chosen step's oidc: true is not merged.
    await renderLoaded({ saved: CHOICES, selection, pipelineFile: corpusFile() });
    expect(item(TITLES[3]!).status).toBe('To do');
  });

  it('Pipelines off: step 5 is blocked, and the notice at the top says what to do', async () => {
    await renderLoaded({ saved: CHOICES, pipelinesEnabled: { available: true, value: false } });
    expect(item(TITLES[4]!).status).toBe('Blocked');
    expect(item(TITLES[4]!).text).toContain('Pipelines is off');
    expect(screen.getByText('Pipelines is off in this repository')).toBeInTheDocument();
  });

  it('unreadable file: step 4 is blocked and the notice at the top names the problem', async () => {
    await renderLoaded({ saved: CHOICES, pipelineFile: corpusFile('14-10002856340c-ETL-OpenSearch.yml') });
    expect(item(TITLES[3]!).status).toBe('Blocked');
    expect(item(TITLES[3]!).text).toContain('cannot be read');
    expect(screen.getByRole('alert')).toHaveTextContent('bitbucket-pipelines.yml on the main branch cannot be read');
  });

  it('step 5 names the trusted branch for branch trust, and the main branch otherwise', async () => {
    const user = await renderLoaded({ saved: { ...CHOICES, trust: { kind: 'branch', branch: 'release' } } });
    expect(item(TITLES[4]!).text).toContain('choose branch release and the custom pipeline chainguard-oidc');
    const section = screen.getByRole('region', { name: '5. Run the check' });
    expect(within(section).getByText('release')).toBeInTheDocument();
    await user.click(screen.getByLabelText('Any step of this repository'));
    await waitFor(() => expect(item(TITLES[4]!).text).toContain('choose branch main and the custom pipeline chainguard-oidc'));
  });

  it("keeps the UI's copy of the custom pipeline's name equal to the core's", () => {
    expect(CHECK_PIPELINE_NAME).toBe(CUSTOM_PIPELINE_NAME);
  });
});

describe('after "Open pull request"', () => {
  it('moves focus to the outcome and announces it in a live region', async () => {
    const user = await renderLoaded({ saved: CHOICES });
    const pending = deferred<ResultOf<'openPullRequest'>>();
    answer('openPullRequest', () => pending.promise);
    const region = screen.getByRole('region', { name: '4. Merge the pull request' });
    const live = within(region).getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite')!;
    expect(live).toBeDefined();
    const button = await within(region).findByRole('button', { name: 'Open pull request' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    pending.resolve({ ok: true, data: { outcome: 'created', message: 'Opened pull request #7.', changes: null, pullRequest: { ...openPullRequest, id: 7 } } });
    await waitFor(() => expect(live).toHaveTextContent('Pull request #7 opened.'));
    const outcome = within(region).getByTestId('pull-request-outcome');
    await waitFor(() => expect(document.activeElement).toBe(outcome));
    expect(outcome).toHaveTextContent('Pull request #7 opened');
  });

  it('offers no update when a person changed the pull request', async () => {
    const user = await renderLoaded({ saved: CHOICES, openPullRequest });
    answer('openPullRequest', () => ({
      ok: true,
      data: { outcome: 'edited-by-person', message: 'Someone pushed to chainguard-oidc-setup; the app leaves it alone.', changes: null, pullRequest: openPullRequest },
    }));
    const region = screen.getByRole('region', { name: '4. Merge the pull request' });
    const update = await within(region).findByRole('button', { name: 'Update pull request' });
    await waitFor(() => expect(update).toBeEnabled());
    await user.click(update);
    await within(region).findByText('Pull request #3 was changed by someone: left untouched');
    expect(within(region).queryByRole('button', { name: /update/i })).not.toBeInTheDocument();
  });
});
