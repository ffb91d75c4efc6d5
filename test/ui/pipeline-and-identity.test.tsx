// @vitest-environment jsdom
import './dom-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResultOf } from '../../src/api/contract';
import { planPipeline, trustReport } from '../../src/core/pipeline';
import { validateIdentityId } from '../../src/core/validation';
import { App } from '../../static/settings/src/App';
import { splitLines } from '../../static/settings/src/lib/line-diff';
import { answer, callsTo, deferred, resetBridge, router } from './fake-bridge';
import { corpusFile, facts, loadPageData, openPullRequest } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

const ORG = 'acme.dev';
const CHOICES = { organization: ORG, role: 'registry.pull', trust: { kind: 'branch' as const, branch: 'main' } };
const IDENTITY_ID = `${'0123456789abcdef'.repeat(2)}01234567/89abcdef01234567`;

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
});
afterEach(cleanup);

async function renderLoaded(options: Parameters<typeof loadPageData>[0] = {}) {
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: CHOICES, ...options }) }));
  const user = userEvent.setup();
  render(<App saveDelayMs={5} />);
  await screen.findByLabelText('Chainguard organization');
  return user;
}

function pipelineRegion() {
  return screen.getByRole('region', { name: '4. Merge the pull request' });
}

describe('pipeline preview', () => {
  it('shows exactly the lines the core adds to an existing file, marked as added', async () => {
    await renderLoaded();
    const existing = corpusFile();
    const plan = planPipeline(existing, facts, CHOICES, { steps: [], addCustomPipeline: true });
    if (!plan.ok) throw new Error(`fixture: plan failed: ${plan.error.message}`);
    const diff = await within(pipelineRegion()).findByRole('region', { name: 'Changes to bitbucket-pipelines.yml' });
    const added = Array.from(diff.querySelectorAll('ins')).map((line) => line.textContent!.replace(/^\s*\d+ \+ /, ''));
    // The added lines are the new file's lines that are not in the old one, in order.
    const before = new Set(splitLines(existing));
    const expected = splitLines(plan.content).filter((line) => !before.has(line));
    expect(added.filter((line) => !before.has(line))).toEqual(expected);
    expect(added.length).toBe(splitLines(plan.content).length - splitLines(existing).length);
    expect(diff.querySelectorAll('del')).toHaveLength(0);
  });

  it('shows the whole new file when the repository has none', async () => {
    await renderLoaded({ pipelineFile: null });
    const plan = planPipeline(null, facts, CHOICES);
    if (!plan.ok) throw new Error(`fixture: plan failed: ${plan.error.message}`);
    const code = await within(pipelineRegion()).findByRole('region', { name: 'New bitbucket-pipelines.yml' });
    expect(code.textContent).toBe(plan.content);
    expect(within(pipelineRegion()).queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('shows a step that already has oidc: true ticked and fixed, and the others free', async () => {
    await renderLoaded();
    const data = loadPageData({ saved: CHOICES });
    const already = new Set(data.setup.oidcSteps.map((finding) => finding.step.id));
    expect(already.size).toBeGreaterThan(0); // the fixture's file has one
    const region = pipelineRegion();
    for (const step of data.setup.steps) {
      const box = within(region).getByLabelText(new RegExp(`^\u2068${step.name ?? step.id}\u2069 \\(line ${step.line},`));
      if (already.has(step.id)) {
        expect(box).toBeChecked();
        expect(box).toBeDisabled();
      } else {
        expect(box).not.toBeChecked();
        expect(box).toBeEnabled();
      }
    }
    expect(within(region).getAllByText('Already oidc: true')).toHaveLength(already.size);
  });

  it('offers the existing steps as checkboxes and reports every OIDC step\'s verdict', async () => {
    const user = await renderLoaded();
    const data = loadPageData({ saved: CHOICES });
    const region = pipelineRegion();
    const boxes = within(region).getAllByRole('checkbox');
    expect(boxes).toHaveLength(data.setup.steps.length + 1); // + the custom pipeline
    const step = data.setup.steps.find((s) => s.name === 'Login into Vault using OIDC and get secrets');
    expect(step).toBeDefined();
    await user.click(within(region).getByLabelText(new RegExp(`^\u2068${step!.name}\u2069`)));
    const plan = planPipeline(corpusFile(), facts, CHOICES, { steps: [step!.id], addCustomPipeline: true });
    if (!plan.ok) throw new Error(`fixture: plan failed: ${plan.error.message}`);
    const findings = trustReport(plan.content, facts, CHOICES);
    const checks = await within(region).findByRole('list', { name: 'Token checks' });
    await waitFor(() => expect(within(checks).getAllByRole('listitem')).toHaveLength(findings.length));
    for (const finding of findings) expect(within(checks).getByText(finding.reason)).toBeInTheDocument();
  });
});

describe('pull request', () => {
  it('shows progress, then a link that opens the pull request through the router', async () => {
    const user = await renderLoaded();
    const pending = deferred<ResultOf<'openPullRequest'>>();
    answer('openPullRequest', () => pending.promise);
    const button = await within(pipelineRegion()).findByRole('button', { name: 'Open pull request' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByText(/Opening the pull request/)).toBeInTheDocument();
    expect(callsTo('openPullRequest')).toEqual([{ choices: CHOICES, selection: { steps: [], addCustomPipeline: true } }]);
    pending.resolve({
      ok: true,
      data: { outcome: 'created', message: 'Opened pull request #7 from chainguard-oidc-setup.', changes: null, pullRequest: { ...openPullRequest, id: 7, url: 'https://bitbucket.org/acme/web-app/pull-requests/7' } },
    });
    const link = await screen.findByRole('link', { name: 'View pull request #7' });
    expect(screen.getByText('Opened pull request #7 from chainguard-oidc-setup.')).toBeInTheDocument();
    await user.click(link);
    expect(router.open).toHaveBeenCalledWith('https://bitbucket.org/acme/web-app/pull-requests/7');
  });

  it('shows the open pull request instead of a button for a second one', async () => {
    await renderLoaded({ openPullRequest });
    const region = pipelineRegion();
    expect(await within(region).findByRole('link', { name: 'View pull request #3' })).toBeInTheDocument();
    expect(within(region).queryByRole('button', { name: 'Open pull request' })).not.toBeInTheDocument();
  });

  it('says "Updating", not "Opening", while it updates a pull request that is already open', async () => {
    const user = await renderLoaded({ openPullRequest });
    const pending = deferred<ResultOf<'openPullRequest'>>();
    answer('openPullRequest', () => pending.promise);
    const update = await within(pipelineRegion()).findByRole('button', { name: 'Update pull request' });
    await waitFor(() => expect(update).toBeEnabled());
    await user.click(update);
    expect(await screen.findByText(/Updating the pull request/)).toBeInTheDocument();
    expect(screen.queryByText(/Opening the pull request/)).not.toBeInTheDocument();
    pending.resolve({ ok: true, data: { outcome: 'updated', message: 'Updated pull request #3.', changes: null, pullRequest: openPullRequest } });
    expect(await screen.findByText('Pull request #3 updated')).toBeInTheDocument();
  });

  it('says a pull request that already holds the change is up to date, without repeating the message as its title', async () => {
    const user = await renderLoaded({ openPullRequest });
    answer('openPullRequest', () => ({
      ok: true,
      data: { outcome: 'unchanged', message: 'Pull request #3 already holds exactly this change.', changes: null, pullRequest: openPullRequest },
    }));
    const update = await within(pipelineRegion()).findByRole('button', { name: 'Update pull request' });
    await waitFor(() => expect(update).toBeEnabled());
    await user.click(update);
    expect(await screen.findByText('Pull request #3 is up to date')).toBeInTheDocument();
    expect(screen.queryByText(/Opening the pull request/)).not.toBeInTheDocument();
    expect(screen.getByText('Pull request #3 already holds exactly this change.')).toBeInTheDocument();
  });

  it('shows an error result in words where the button was', async () => {
    const user = await renderLoaded();
    answer('openPullRequest', () => ({ ok: false, error: { code: 'forbidden', status: 403, message: 'Bitbucket refused to create the branch: the app lacks write:repository:bitbucket.' } }));
    const button = await within(pipelineRegion()).findByRole('button', { name: 'Open pull request' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await within(pipelineRegion()).findByText('Bitbucket refused to create the branch: the app lacks write:repository:bitbucket.')).toBeInTheDocument();
    expect(within(pipelineRegion()).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('asks to allow access when the pull request call needs authentication', async () => {
    const user = await renderLoaded();
    let calls = 0;
    answer('openPullRequest', () => {
      calls += 1;
      if (calls === 1) return { ok: false, error: { code: 'needs-authentication', message: 'Allow the app to act as you in Bitbucket.' } };
      return { ok: true, data: { outcome: 'created', message: 'Opened.', changes: null, pullRequest: openPullRequest } };
    });
    const button = await within(pipelineRegion()).findByRole('button', { name: 'Open pull request' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    await user.click(await within(pipelineRegion()).findByRole('button', { name: 'Allow access' }));
    expect(await screen.findByRole('link', { name: 'View pull request #3' })).toBeInTheDocument();
    expect(calls).toBe(2);
    // The repeat asks the resolver to let Forge's consent screen through; the first call does not.
    expect(callsTo('openPullRequest').map((p) => p.allowAccess)).toEqual([undefined, true]);
  });

  it('when the consent call itself is rejected (Forge is asking), says to allow access and try again', async () => {
    const user = await renderLoaded();
    answer('openPullRequest', (payload) => {
      if (payload.allowAccess) throw new Error('NEEDS_AUTHENTICATION_ERR');
      return { ok: false, error: { code: 'needs-authentication', message: 'Allow the app to act as you in Bitbucket.' } };
    });
    const button = await within(pipelineRegion()).findByRole('button', { name: 'Open pull request' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    await user.click(await within(pipelineRegion()).findByRole('button', { name: 'Allow access' }));
    expect(await within(pipelineRegion()).findByText(/If Atlassian asked you to allow access, allow it, then try again\./)).toBeInTheDocument();
    await user.click(within(pipelineRegion()).getByRole('button', { name: 'Try again' }));
    expect(await within(pipelineRegion()).findByRole('button', { name: 'Allow access' })).toBeInTheDocument();
    expect(callsTo('openPullRequest').map((p) => p.allowAccess)).toEqual([undefined, true, undefined]);
  });
});

describe('identity ID', () => {
  it('refuses a value that is not an identity ID, with the core\'s message, and saves nothing', async () => {
    const user = await renderLoaded();
    const field = screen.getByLabelText('Identity ID');
    await user.type(field, 'not-an-id');
    const problem = validateIdentityId('not-an-id');
    expect(problem).not.toBeNull();
    expect(field).toHaveAccessibleDescription(expect.stringContaining(problem!.message));
    await user.click(screen.getByRole('button', { name: 'Save identity ID' }));
    expect(callsTo('saveIdentity')).toHaveLength(0);
  });

  it('saves a valid identity ID as CHAINGUARD_IDENTITY and shows it is set', async () => {
    const user = await renderLoaded();
    expect(screen.getByText(/CHAINGUARD_IDENTITY is not set yet/)).toBeInTheDocument();
    answer('saveIdentity', (payload) => ({ ok: true, data: { key: 'CHAINGUARD_IDENTITY', value: payload.identityId, created: true } }));
    await user.type(screen.getByLabelText('Identity ID'), `  ${IDENTITY_ID} `);
    expect(screen.getByLabelText('Identity ID')).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByRole('button', { name: 'Save identity ID' }));
    expect(await screen.findByText('CHAINGUARD_IDENTITY created')).toBeInTheDocument();
    expect(callsTo('saveIdentity')).toEqual([{ identityId: IDENTITY_ID }]);
    expect(screen.getByText(IDENTITY_ID, { selector: 'code' })).toBeInTheDocument();
  });

  it('asks to allow access when saving needs authentication, and repeats with allowAccess', async () => {
    const user = await renderLoaded();
    answer('saveIdentity', (payload) =>
      payload.allowAccess
        ? { ok: true, data: { key: 'CHAINGUARD_IDENTITY', value: payload.identityId, created: false } }
        : { ok: false, error: { code: 'needs-authentication', message: 'Allow the app to set repository variables as you.' } },
    );
    await user.type(screen.getByLabelText('Identity ID'), IDENTITY_ID);
    await user.click(screen.getByRole('button', { name: 'Save identity ID' }));
    await user.click(await screen.findByRole('button', { name: 'Allow access' }));
    expect(await screen.findByText('CHAINGUARD_IDENTITY updated')).toBeInTheDocument();
    expect(callsTo('saveIdentity')).toEqual([{ identityId: IDENTITY_ID }, { identityId: IDENTITY_ID, allowAccess: true }]);
  });

  it('shows the current value of CHAINGUARD_IDENTITY when it is set', async () => {
    await renderLoaded({ identityVariable: IDENTITY_ID });
    expect(screen.getByText(IDENTITY_ID, { selector: 'code' })).toBeInTheDocument();
  });
});
