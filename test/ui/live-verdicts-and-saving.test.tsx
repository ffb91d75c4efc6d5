// @vitest-environment jsdom
// One verdict per step, recomputed from the current choices (none while they
// are invalid); the save status while a save waits, and the flush on pagehide;
// "Copied all files" that never outlives a change; the Terraform on main.tf.
import './dom-setup';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listSteps, planPipeline, trustReport } from '../../src/core/pipeline';
import type { IdentityChoices } from '../../src/core/types';
import { App } from '../../static/settings/src/App';
import { answer, callsTo, resetBridge } from './fake-bridge';
import { corpusFile, facts, loadPageData, type PageOptions } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

const ORG = 'acme.dev';
const MAIN: IdentityChoices = { organization: ORG, role: 'registry.pull', trust: { kind: 'branch', branch: 'main' } };

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
});
afterEach(cleanup);

async function renderLoaded(options: PageOptions = {}, saveDelayMs = 5) {
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: MAIN, ...options }) }));
  const user = userEvent.setup();
  render(<App saveDelayMs={saveDelayMs} />);
  await screen.findByLabelText('Chainguard organization');
  return user;
}

function reasonsOnPage(): string[] {
  const list = screen.queryByRole('list', { name: 'Token checks' });
  return list ? within(list).getAllByRole('listitem').map((item) => item.textContent ?? '') : [];
}

describe('one verdict per step, always current', () => {
  it('after a trust change every verdict is recomputed, shown once, and none shows while the branch is empty', async () => {
    const user = await renderLoaded();
    const selection = { steps: [], addCustomPipeline: true };
    const planFor = (choices: IdentityChoices) => {
      const plan = planPipeline(corpusFile(), facts, choices, selection);
      if (!plan.ok) throw new Error(plan.error.message);
      return trustReport(plan.content, facts, choices);
    };
    const before = planFor(MAIN);
    await waitFor(() => expect(reasonsOnPage()).toHaveLength(before.length));
    for (const finding of before) expect(screen.getAllByText(finding.reason)).toHaveLength(1);

    await user.click(screen.getByLabelText('Pipelines on another branch'));
    // The branch is empty: the choices are invalid, so no verdict at all.
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Token checks' })).not.toBeInTheDocument());
    await user.type(screen.getByLabelText('Branch name'), 'release');
    const after = planFor({ ...MAIN, trust: { kind: 'branch', branch: 'release' } });
    await waitFor(() => {
      for (const finding of after) expect(screen.getAllByText(finding.reason)).toHaveLength(1);
    });
    // Nothing said under the old trust is left anywhere on the page.
    for (const finding of before) {
      if (!after.some((other) => other.reason === finding.reason)) expect(screen.queryByText(finding.reason)).not.toBeInTheDocument();
    }
  });

  it('line numbers of steps on the main branch are the same in the picker and the verdicts, and say which file', async () => {
    await renderLoaded();
    const listed = listSteps(corpusFile());
    if (!listed.ok) throw new Error('fixture');
    const already = loadPageData({ saved: MAIN }).setup.oidcSteps[0]!.step;
    const onMain = listed.steps.find((step) => step.id === already.id)!;
    const region = screen.getByRole('region', { name: '4. Merge the pull request' });
    expect(within(region).getByLabelText(new RegExp(`\\(line ${onMain.line},`))).toBeInTheDocument();
    const checks = await within(region).findByRole('list', { name: 'Token checks' });
    expect(within(checks).getByText(new RegExp(`\\(line ${onMain.line},`))).toBeInTheDocument();
    expect(within(region).getByText(/Line numbers refer to bitbucket-pipelines\.yml on main as it is now \(commit ccccccc\)/)).toBeInTheDocument();
  });

  it('a step with trigger: manual says it is started by hand, in the picker and in its verdict', async () => {
    const file = `pipelines:
  branches:
    main:
      - step:
          name: Deploy by hand
          trigger: manual
          oidc: true
          script:
            - ./deploy.sh
`;
    await renderLoaded({ pipelineFile: file });
    const region = screen.getByRole('region', { name: '4. Merge the pull request' });
    expect(within(region).getByLabelText(/^\u2068Deploy by hand\u2069 \(line 4, .*started by hand\)$/)).toBeInTheDocument();
    const checks = await within(region).findByRole('list', { name: 'Token checks' });
    expect(within(checks).getByText(/^Runs only when someone starts it by hand \(trigger: manual\)/)).toBeInTheDocument();
    expect(within(checks).queryByText(/Runs on pushes/)).not.toBeInTheDocument();
  });
});

describe('saving the choices', () => {
  it('says "Not saved yet" while a save waits, and sends it at once on pagehide', async () => {
    const user = await renderLoaded({}, 60_000);
    await user.type(screen.getByLabelText('Identity name'), 'ci');
    expect(await screen.findByText('Not saved yet…')).toBeInTheDocument();
    expect(callsTo('saveChoices')).toEqual([]);
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(callsTo('saveChoices')).toHaveLength(1);
    expect(callsTo('saveChoices')[0]!.choices.identityName).toBe('ci');
    expect(await screen.findByText('Saved')).toBeInTheDocument();
  });
});

describe('Terraform', () => {
  it('opens on main.tf, whose comment says plan, then apply', async () => {
    await renderLoaded();
    const selected = await screen.findByRole('tab', { selected: true });
    expect(selected).toHaveTextContent('main.tf');
    expect(screen.getByRole('region', { name: 'Contents of main.tf' }).textContent).toContain('then terraform plan to check what it creates, then terraform apply');
  });

  it('"Copied all files" clears by itself, and at once when the files change', async () => {
    const user = await renderLoaded();
    await user.click(await screen.findByRole('button', { name: 'Copy all' }));
    expect(await screen.findByText('Copied all files')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Identity name'), 'x');
    await waitFor(() => expect(screen.queryByText('Copied all files')).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Copy all' }));
    expect(await screen.findByText('Copied all files')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Copied all files')).not.toBeInTheDocument(), { timeout: 5000 });
  });
});

describe('an organization name with a space', () => {
  it('puts the error on the image field when an image is asked for, and shows no docker pull', async () => {
    const user = await renderLoaded({ saved: { ...MAIN, organization: 'acme example' } });
    await user.type(screen.getByLabelText('Image name'), 'python');
    const image = screen.getByLabelText('Image name');
    await waitFor(() => expect(image).toHaveAttribute('aria-invalid', 'true'));
    expect(image).toHaveAccessibleDescription(expect.stringContaining('has a space'));
    expect(document.body.textContent).not.toMatch(/cgr\.dev\/acme example/);
  });
});
