// @vitest-environment jsdom
// "Run check" on the page: why it is disabled, the live status while the run
// goes, "Check passed" / "Check failed" with the reason, and the last check line.
import './dom-setup';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckStatus } from '../../src/usecases/check-types';
import { App } from '../../static/settings/src/App';
import { pollDelayMs, pollsInMinute } from '../../static/settings/src/components/run-check';
import { describeLastCheck } from '../../static/settings/src/components/run-check/last-check';
import { answer, callsTo, resetBridge } from './fake-bridge';
import { loadPageData } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

const CHOICES = { organization: 'acme.dev', trust: { kind: 'branch' as const, branch: 'main' } };
const IDENTITY = `${'ab'.repeat(20)}/${'cd'.repeat(8)}`;
const WITH_CHECK = 'pipelines:\n  custom:\n    chainguard-oidc:\n      - step:\n          oidc: true\n          script: [echo]\n';
const RUN = { pipelineUuid: '{11111111-2222-4333-8444-555555555555}', buildNumber: 4, branch: 'main', createdOn: '2026-11-25T21:00:00Z', completedOn: null, url: null };

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
  answer('lastCheck', () => ({ ok: true, data: { run: null } }));
});
afterEach(cleanup);

function checkSection() {
  return within(screen.getByRole('region', { name: '5. Run the check' }));
}

async function renderPage(options: Parameters<typeof loadPageData>[0]) {
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: CHOICES, ...options }) }));
  const user = userEvent.setup();
  render(<App saveDelayMs={5} />);
  await screen.findByLabelText('Chainguard organization');
  return user;
}

describe('Run check', () => {
  it('is disabled with the reason until the identity is saved and the pipeline is on main', async () => {
    await renderPage({ pipelineFile: WITH_CHECK, identityVariable: null });
    expect(screen.getByRole('button', { name: 'Run check' })).toBeDisabled();
    expect(checkSection().getByText(/Save the identity ID first/)).toBeInTheDocument();
    cleanup();
    await renderPage({ pipelineFile: 'pipelines:\n  default: []\n', identityVariable: IDENTITY });
    expect(screen.getByRole('button', { name: 'Run check' })).toBeDisabled();
    expect(checkSection().getByText(/chainguard-oidc is not on main yet/)).toBeInTheDocument();
  });

  it('starts the run, shows it running, then "Check passed" with the repository count', async () => {
    const user = await renderPage({ pipelineFile: WITH_CHECK, identityVariable: IDENTITY });
    answer('startCheck', () => ({ ok: true, data: { outcome: 'started', run: { ...RUN, phase: 'queued' } } }));
    let polls = 0;
    answer('readCheck', (): { ok: true; data: CheckStatus } => {
      polls += 1;
      return polls === 1
        ? { ok: true, data: { run: { ...RUN, phase: 'running' }, repositoryCount: null, failure: null } }
        : { ok: true, data: { run: { ...RUN, phase: 'passed', completedOn: '2026-11-25T21:01:00Z' }, repositoryCount: 12, failure: null } };
    });
    await user.click(screen.getByRole('button', { name: 'Run check' }));
    expect(await screen.findByText(/Check queued|Check running/)).toBeInTheDocument();
    expect(await screen.findByText('Check passed', {}, { timeout: 8_000 })).toBeInTheDocument();
    expect(screen.getByText(/returned 12 repositories/)).toBeInTheDocument();
    expect(callsTo('readCheck')).toEqual([{ pipelineUuid: RUN.pipelineUuid }, { pipelineUuid: RUN.pipelineUuid }]);
  }, 15_000);

  it('shows "Check failed" with the reason, the advice and the claims when the token was refused', async () => {
    const user = await renderPage({ pipelineFile: WITH_CHECK, identityVariable: IDENTITY });
    answer('startCheck', () => ({ ok: true, data: { outcome: 'already-running', run: { ...RUN, phase: 'running' } } }));
    answer('readCheck', () => ({
      ok: true,
      data: {
        run: { ...RUN, phase: 'failed' },
        repositoryCount: null,
        failure: {
          kind: 'token-refused',
          reason: "Chainguard refused the step's token: the identity does not trust a token from this step.",
          advice: 'Compare the claims below.',
          refusedClaim: 'branchName',
          lastLines: ['Error: … token has invalid "branchName": main'],
          stage: 'exchange',
          source: 'test-report',
          logNote: null,
          claims: {
            carried: { branch: 'main', repository: '{r}', environment: null },
            required: { branch: 'main', repository: '{r}', environment: null },
            refused: { claim: 'branchName', value: 'main' },
          },
        },
      },
    }));
    await user.click(screen.getByRole('button', { name: 'Run check' }));
    const status = await screen.findByText('Check failed', {}, { timeout: 8_000 });
    const box = status.parentElement as HTMLElement;
    expect(within(box).getByText(/refused the step's token/)).toBeInTheDocument();
    expect(within(box).getByRole('table', { name: 'Token claims and what the identity requires' })).toBeInTheDocument();
    expect(within(box).getByRole('link', { name: 'Open run #4 in Bitbucket' })).toBeInTheDocument();
  }, 15_000);

  it('says what Bitbucket answered when it would not start the run', async () => {
    const user = await renderPage({ pipelineFile: WITH_CHECK, identityVariable: IDENTITY });
    answer('startCheck', () => ({ ok: true, data: { outcome: 'refused', reason: 'Bitbucket did not start the check: no build minutes', advice: 'Add minutes.' } }));
    await user.click(screen.getByRole('button', { name: 'Run check' }));
    expect(await checkSection().findByText('Check failed')).toBeInTheDocument();
    expect(checkSection().getByText(/no build minutes/)).toBeInTheDocument();
    expect(callsTo('readCheck')).toEqual([]);
  });

  it('shows the last check after the first paint', async () => {
    answer('lastCheck', () => ({ ok: true, data: { run: { ...RUN, phase: 'passed', completedOn: new Date(Date.now() - 2 * 3_600_000).toISOString() } } }));
    await renderPage({ pipelineFile: WITH_CHECK, identityVariable: IDENTITY });
    expect(await checkSection().findByText('Last check passed 2 hours ago on main.')).toBeInTheDocument();
    // The checklist's step 5 is done.
    const items = within(screen.getByRole('list', { name: 'Setup checklist' })).getAllByRole('listitem');
    expect(items.at(-1)?.getAttribute('data-status')).toBe('done');
  });
});

describe('chainctl version pin', () => {
  it('is saved with the choices when valid, and explained when not', async () => {
    const user = await renderPage({ pipelineFile: WITH_CHECK, identityVariable: IDENTITY });
    const field = screen.getByRole('textbox', { name: 'chainctl version' });
    await user.type(field, '1.2');
    expect((await screen.findAllByText(/is not a chainctl release/)).length).toBeGreaterThan(0);
    await user.type(field, '.3');
    await vi.waitFor(() => expect(callsTo('saveChoices').at(-1)?.choices.chainctlVersion).toBe('1.2.3'), { timeout: 5_000 });
  });
});

describe('poll schedule', () => {
  it('never polls more often than every 2 s, backs off, and words the last check', () => {
    for (let attempt = 0; attempt < 40; attempt += 1) expect(pollDelayMs(attempt)).toBeGreaterThanOrEqual(2_000);
    expect(pollDelayMs(0)).toBe(2_000);
    expect(pollDelayMs(30)).toBe(15_000);
    expect(pollsInMinute(0)).toBeLessThanOrEqual(30);
    expect(pollsInMinute(10 * 60_000)).toBe(4);
    expect(describeLastCheck(null, 0)).toBe('The check has not run yet.');
  });
});
