// @vitest-environment jsdom
import './dom-setup';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateTerraform } from '../../src/core/terraform';
import { resolveChoices } from '../../src/core/validation';
import { App } from '../../static/settings/src/App';
import { joinFilesForCopy } from '../../static/settings/src/lib/copy-all';
import { answer, callsTo, deferred, resetBridge } from './fake-bridge';
import { facts, loadPageData } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

const ORG = 'acme.dev';

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
});
afterEach(cleanup);

async function renderLoaded(options: Parameters<typeof loadPageData>[0] = {}) {
  answer('loadPage', () => ({ ok: true, data: loadPageData(options) }));
  const user = userEvent.setup();
  render(<App saveDelayMs={5} />);
  await screen.findByLabelText('Chainguard organization');
  return user;
}

async function typeOrganization(user: ReturnType<typeof userEvent.setup>, value: string) {
  const field = screen.getByLabelText('Chainguard organization');
  await user.clear(field);
  await user.type(field, value);
  return field;
}

describe('loading', () => {
  it('shows a skeleton, not a blank page, while loadPage runs', async () => {
    const pending = deferred<ReturnType<typeof loadPageData>>();
    answer('loadPage', async () => ({ ok: true, data: await pending.promise }));
    render(<App />);
    expect(screen.getByRole('status', { name: 'Loading settings' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Chainguard organization')).not.toBeInTheDocument();
    pending.resolve(loadPageData());
    expect(await screen.findByLabelText('Chainguard organization')).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Loading settings' })).not.toBeInTheDocument();
    expect(callsTo('loadPage')).toEqual([{}]);
  });

  it('asks to allow access on needs-authentication, and retrying loads the page', async () => {
    let calls = 0;
    answer('loadPage', () => {
      calls += 1;
      return calls === 1
        ? { ok: false, error: { code: 'needs-authentication', message: 'The app needs your permission to read this repository.' } }
        : { ok: true, data: loadPageData() };
    });
    const user = userEvent.setup();
    render(<App />);
    const allow = await screen.findByRole('button', { name: 'Allow access' });
    expect(screen.getByText('The app needs your permission to read this repository.')).toBeInTheDocument();
    await user.click(allow);
    expect(await screen.findByLabelText('Chainguard organization')).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows a failed load in words with a way to try again', async () => {
    answer('loadPage', () => ({ ok: false, error: { code: 'forbidden', status: 403, message: 'The app lacks admin:repository:bitbucket. Ask an admin to update the app.' } }));
    render(<App />);
    expect(await screen.findByText('The app lacks admin:repository:bitbucket. Ask an admin to update the app.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('detected settings', () => {
  it('shows every detected value with a copy button that copies it', async () => {
    const user = await renderLoaded();
    const data = loadPageData();
    const table = screen.getByRole('region', { name: "Bitbucket's OIDC settings for this repository" });
    for (const value of [data.setup.oidc.workspaceSlug, data.setup.oidc.workspaceUuid, data.setup.oidc.repositoryUuid, data.setup.oidc.issuer, data.setup.oidc.audience]) {
      expect(within(table).getByText(value)).toBeInTheDocument();
    }
    expect(within(table).getByText('Test, Production')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'Copy Identity provider URL' }));
    expect(await navigator.clipboard.readText()).toBe(data.setup.oidc.issuer);
    await user.click(within(table).getByRole('button', { name: 'Copy Audience' }));
    expect(await navigator.clipboard.readText()).toBe(data.setup.oidc.audience);
  });

  it('offers Copy only for values people paste elsewhere: UUIDs, issuer and audience, not "On" or "main"', async () => {
    await renderLoaded();
    const table = screen.getByRole('region', { name: "Bitbucket's OIDC settings for this repository" });
    const copyButtons = within(table).getAllByRole('button').map((button) => button.getAttribute('aria-label'));
    expect(copyButtons).toEqual(['Copy Workspace UUID', 'Copy Repository UUID', 'Copy Identity provider URL', 'Copy Audience']);
    expect(within(table).getByText('On')).toBeInTheDocument();
    expect(within(table).getByText('main')).toBeInTheDocument();
  });

  it('shows no verdict of its own: the steps that already have oidc: true are judged in step 4 only', async () => {
    await renderLoaded();
    const [finding] = loadPageData().setup.oidcSteps;
    expect(finding).toBeDefined();
    const table = screen.getByRole('region', { name: "Bitbucket's OIDC settings for this repository" });
    expect(within(table).queryByText(finding!.reason)).not.toBeInTheDocument();
  });

  it('puts "Pipelines is off" at the top as a notice with what to do, before any organization is typed', async () => {
    await renderLoaded({ pipelinesEnabled: { available: true, value: false } });
    const notice = screen.getByText('Pipelines is off in this repository').parentElement!;
    expect(within(notice).getByText(/Repository settings → Pipelines → Settings → Enable Pipelines/)).toBeInTheDocument();
    // Above the checklist and the first section.
    const checklist = screen.getByRole('list', { name: 'Setup checklist' });
    expect(notice.compareDocumentPosition(checklist) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const detected = screen.getByRole('region', { name: "Bitbucket's OIDC settings for this repository" });
    expect(within(detected).queryByRole('button', { name: 'Copy Pipelines' })).not.toBeInTheDocument();
    cleanup();
    await renderLoaded({ pipelinesEnabled: { available: false, reason: 'Reading it needs admin rights on the repository.' } });
    expect(screen.getByText('Unavailable: Reading it needs admin rights on the repository.')).toBeInTheDocument();
    expect(screen.queryByText('Pipelines is off in this repository')).not.toBeInTheDocument();
  });
});

describe('deployment environments', () => {
  it('shows why the environment list is missing instead of saying there are none', async () => {
    await renderLoaded({ environmentsUnavailable: 'Deployment environments could not be read. Access denied.' });
    const detected = screen.getByRole('region', { name: "Bitbucket's OIDC settings for this repository" });
    expect(within(detected).getByText('Unavailable: Deployment environments could not be read. Access denied.')).toBeInTheDocument();
    expect(within(detected).queryByText(/^None\. Add them/)).not.toBeInTheDocument();
  });
});

describe('identity form and Terraform', () => {
  it('shows the core\'s error beside an invalid organization and no Terraform', async () => {
    const user = await renderLoaded();
    const field = await typeOrganization(user, 'Acme Corp!');
    const expected = resolveChoices(facts, { organization: 'Acme Corp!' });
    if (expected.ok) throw new Error('fixture: this organization should be invalid');
    const message = expected.errors.find((e) => e.field === 'organization')!.message;
    expect(field).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Copy all' })).not.toBeInTheDocument();
  });

  it('shows one tab per generated file, named after it, with the generated content', async () => {
    const user = await renderLoaded();
    await typeOrganization(user, ORG);
    const generated = generateTerraform(facts, { organization: ORG, role: 'registry.pull', trust: { kind: 'branch', branch: 'main' } });
    if (!generated.ok) throw new Error('fixture: generation should succeed');
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(generated.files.map((file) => file.path));
    for (const file of generated.files) {
      await user.click(screen.getByRole('tab', { name: file.path }));
      const panel = screen.getByRole('tabpanel');
      await user.click(within(panel).getByRole('button', { name: `Copy ${file.path}` }));
      expect(await navigator.clipboard.readText()).toBe(file.content);
      const shown = within(panel).getByRole('region', { name: `Contents of ${file.path}` });
      expect(shown.textContent).toBe(file.content);
    }
    expect(screen.getByText('bitbucket-identity', { selector: 'code' })).toBeInTheDocument();
  });

  it('Copy all puts every file under a "# <path>" header on the clipboard', async () => {
    const user = await renderLoaded();
    await typeOrganization(user, ORG);
    await user.click(await screen.findByRole('button', { name: 'Copy all' }));
    const generated = generateTerraform(facts, { organization: ORG });
    if (!generated.ok) throw new Error('fixture: generation should succeed');
    const copied = await navigator.clipboard.readText();
    expect(copied).toBe(joinFilesForCopy(generated.files));
    expect(copied.startsWith(`# ${generated.files[0]!.path}\n${generated.files[0]!.content}`)).toBe(true);
  });

  it('restores saved choices and saves changes (debounced) with a "Saved" status', async () => {
    const saved = { organization: ORG, identityName: 'ci-web', role: 'registry.pull', trust: { kind: 'branch' as const, branch: 'main' } };
    const user = await renderLoaded({ saved });
    expect(screen.getByLabelText('Chainguard organization')).toHaveValue(ORG);
    expect(screen.getByLabelText('Identity name')).toHaveValue('ci-web');
    expect(await screen.findAllByRole('tab')).not.toHaveLength(0);
    expect(callsTo('saveChoices')).toHaveLength(0); // nothing changed yet
    await user.type(screen.getByLabelText('Identity name'), '-2');
    await screen.findByText('Saved');
    const last = callsTo('saveChoices').at(-1);
    expect(last?.choices).toMatchObject({ organization: ORG, identityName: 'ci-web-2' });
  });

  it('does not leave "Saved" up once the choices turn invalid, and saves nothing until they are valid again', async () => {
    const saved = { organization: ORG, role: 'registry.pull', trust: { kind: 'branch' as const, branch: 'main' } };
    const user = await renderLoaded({ saved });
    await user.type(screen.getByLabelText('Identity name'), 'ci-web');
    await screen.findByText('Saved');
    const savesBefore = callsTo('saveChoices').length;
    await user.click(screen.getByLabelText('Pipelines on another branch'));
    await screen.findByText('Not saved until the choices above are valid.');
    expect(screen.queryByText('Saved')).not.toBeInTheDocument();
    expect(callsTo('saveChoices')).toHaveLength(savesBefore);
    await user.type(screen.getByLabelText('Branch name'), 'release');
    await screen.findByText('Saved');
    expect(callsTo('saveChoices').at(-1)?.choices.trust).toEqual({ kind: 'branch', branch: 'release' });
  });

  it('trusting any step shows a plain warning', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByLabelText('Any step of this repository'));
    expect(screen.getByText('This trusts every branch and pull request')).toBeInTheDocument();
  });
});
