// @vitest-environment jsdom
import './dom-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planPipeline } from '../../src/core/pipeline';
import { BUILT_IN_ROLES } from '../../src/core/roles';
import { generateTerraform } from '../../src/core/terraform';
import type { IdentityChoices } from '../../src/core/types';
import { App } from '../../static/settings/src/App';
import { answer, callsTo, resetBridge } from './fake-bridge';
import { corpusFile, facts, loadPageData } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

const ORG = 'acme.dev';
const production = facts.environments[1]!;

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
});
afterEach(cleanup);

async function renderLoaded(options: Parameters<typeof loadPageData>[0] = {}) {
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: { organization: ORG }, ...options }) }));
  const user = userEvent.setup();
  render(<App saveDelayMs={5} />);
  await screen.findByLabelText('Chainguard organization');
  return user;
}

/** The main.tf the page shows, read through its own copy button. */
async function shownMainTf(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('tab', { name: 'main.tf' }));
  await user.click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Copy main.tf' }));
  return navigator.clipboard.readText();
}

function expectedMainTf(choices: IdentityChoices) {
  const result = generateTerraform(facts, choices);
  if (!result.ok) throw new Error(`fixture: ${JSON.stringify(result.errors)}`);
  return result.files.find((file) => file.path === 'main.tf')!.content;
}

describe('choices drive the Terraform', () => {
  it('offers every built-in role with its meaning, and the chosen role reaches main.tf', async () => {
    const user = await renderLoaded();
    const role = screen.getByLabelText('Role');
    expect(within(role).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(BUILT_IN_ROLES.map((r) => r.name));
    expect(role).toHaveValue('registry.pull');
    await user.selectOptions(role, 'apk.pull');
    expect(role).toHaveAccessibleDescription(expect.stringContaining(BUILT_IN_ROLES.find((r) => r.name === 'apk.pull')!.meaning));
    expect(await shownMainTf(user)).toBe(expectedMainTf({ organization: ORG, role: 'apk.pull' }));
  });

  it('environment trust: the picked environment reaches main.tf and the saved choices', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByLabelText('Steps deploying to an environment'));
    await user.selectOptions(screen.getByLabelText('Deployment environment'), production.name);
    const choices: IdentityChoices = { organization: ORG, role: 'registry.pull', trust: { kind: 'environment', environmentUuid: production.uuid } };
    expect(await shownMainTf(user)).toBe(expectedMainTf(choices));
    await waitFor(() => expect(callsTo('saveChoices').at(-1)?.choices).toEqual(choices));
  });

  it('another branch: an invalid branch name is refused beside the field, a valid one is used', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByLabelText('Pipelines on another branch'));
    const branch = screen.getByLabelText('Branch name');
    await user.type(branch, 'bad..name');
    expect(branch).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    await user.clear(branch);
    await user.type(branch, 'release/1.x');
    expect(await shownMainTf(user)).toBe(expectedMainTf({ organization: ORG, trust: { kind: 'branch', branch: 'release/1.x' } }));
  });

  it('another branch: an empty branch is not shown as an error until touched, and the Terraform placeholder names the field', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByLabelText('Pipelines on another branch'));
    const branch = screen.getByLabelText('Branch name');
    expect(branch).not.toHaveAttribute('aria-invalid');
    expect(screen.getByText('The Terraform appears here once the choices above are valid: check Branch name.')).toBeInTheDocument();
    await user.click(branch);
    await user.tab();
    expect(branch).toHaveAttribute('aria-invalid', 'true');
    expect(branch).toHaveAccessibleDescription(expect.stringContaining('branch'));
  });

  it('an image to pull is validated and reaches the pipeline', async () => {
    const user = await renderLoaded({ pipelineFile: null });
    await user.type(screen.getByLabelText('Image name'), 'Python');
    expect(screen.getByLabelText('Image name')).toHaveAttribute('aria-invalid', 'true');
    await user.clear(screen.getByLabelText('Image name'));
    await user.type(screen.getByLabelText('Image name'), 'python');
    await user.type(screen.getByLabelText('Image tag'), '3.12');
    const plan = planPipeline(null, facts, { organization: ORG, role: 'registry.pull', trust: { kind: 'branch', branch: 'main' }, image: { name: 'python', tag: '3.12' } });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.content).toContain('python:3.12');
    await waitFor(() => expect(screen.getByRole('region', { name: 'New bitbucket-pipelines.yml' }).textContent).toBe(plan.content));
  });
});

describe('pipeline problems', () => {
  it('a file that does not parse is a blocking notice at the top with the core\'s reason, and no pull request can be opened', async () => {
    const broken = corpusFile('14-10002856340c-ETL-OpenSearch.yml');
    const plan = planPipeline(broken, facts, { organization: ORG });
    expect(plan.ok).toBe(false);
    await renderLoaded({ pipelineFile: broken });
    if (plan.ok) throw new Error('unreachable');
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('bitbucket-pipelines.yml on the main branch cannot be read')).toBeInTheDocument();
    expect(within(alert).getByText(plan.error.message)).toBeInTheDocument();
    const region = screen.getByRole('region', { name: '4. Merge the pull request' });
    expect(within(region).queryByRole('button', { name: 'Open pull request' })).not.toBeInTheDocument();
  });

  it('shows why the open pull request and the identity variable could not be read', async () => {
    answer('loadPage', () => {
      const data = loadPageData({ saved: { organization: ORG } });
      data.setup.openPullRequest = { available: false, reason: 'Listing pull requests was refused (403).' };
      data.setup.identityVariable = { available: false, reason: 'Reading repository variables needs admin rights.' };
      return { ok: true, data };
    });
    render(<App saveDelayMs={5} />);
    const region = await screen.findByRole('region', { name: '4. Merge the pull request' });
    expect(await within(region).findByText(/Listing pull requests was refused \(403\)\./)).toBeInTheDocument();
    const identity = screen.getByRole('region', { name: '3. Save the identity ID' });
    expect(within(identity).getByText(/Reading repository variables needs admin rights\./)).toBeInTheDocument();
  });
});

describe('saved choices that no longer fit', () => {
  it('a saved environment that was deleted shows "Choose…" and the core\'s error until another is picked', async () => {
    const user = await renderLoaded({ saved: { organization: ORG, trust: { kind: 'environment', environmentUuid: '{99999999-9999-4999-8999-999999999999}' } } });
    const select = screen.getByLabelText('Deployment environment');
    expect(select).toHaveDisplayValue('Choose…');
    expect(select).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    await user.selectOptions(select, production.name);
    expect(select).not.toHaveAttribute('aria-invalid');
    expect(await shownMainTf(user)).toBe(expectedMainTf({ organization: ORG, trust: { kind: 'environment', environmentUuid: production.uuid } }));
  });
});
