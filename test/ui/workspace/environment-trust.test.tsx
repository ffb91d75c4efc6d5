// @vitest-environment jsdom
// Environment trust on the workspace page: choosing it reads the selected
// repositories' deployment environments in batches (a few calls in flight,
// progress shown), offers the names found with counts, lists the repositories
// that cannot trust the chosen one with the core's reason, and the Terraform
// is generated from the environments read.
import '../dom-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WORKSPACE_LIMITS, type InventoryRow, type RepositoryEnvironments } from '../../../src/api/workspace-contract';
import { App } from '../../../static/workspace/src/App';
import { answer, callsTo, resetBridge, setContext } from './fake-workspace-bridge';
import { inventoryRow, pageData } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-workspace-bridge'));

const ROWS = Array.from({ length: 60 }, (_, i) => inventoryRow(i + 1));
const FORBIDDEN = 'Bitbucket refused (403) to show the app the deployment environments of repo-009. Reading them needs the app\'s read:pipeline:bitbucket scope.';

function envUuid(i: number, n: number): string {
  return `{${i.toString(16).padStart(8, '0')}-e000-4000-8000-00000000000${n}}`;
}

/** Row i has Production (row 3 spells it "production"), even rows also Staging; row 7 only Staging; row 9 cannot be read (until it can). */
function environmentsOf(row: InventoryRow, readable: boolean): RepositoryEnvironments {
  const i = ROWS.indexOf(row) + 1;
  const base = { repositoryUuid: row.repositoryUuid, slug: row.slug };
  if (i === 9 && !readable) return { ...base, state: 'failed', error: { code: 'forbidden', status: 403, message: FORBIDDEN } };
  const environments = [];
  if (i !== 7) environments.push({ uuid: envUuid(i, 1), name: i === 3 ? 'production' : 'Production' });
  if (i % 2 === 0 || i === 7) environments.push({ uuid: envUuid(i, 2), name: 'Staging' });
  return { ...base, state: 'read', environments };
}

/** One answer of inventoryRows. */
function inventoryPage(rows: InventoryRow[]): { rows: InventoryRow[]; nextCursor: string | null } {
  return { rows, nextCursor: null };
}

/** readEnvironments held until `release()`, counting calls in flight. */
function environmentAnswers() {
  const state = { inFlight: 0, maxInFlight: 0, readable9: false, held: true };
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  answer('readEnvironments', async ({ repositoryUuids }) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    if (state.held) await gate;
    await new Promise((r) => setTimeout(r, 1));
    state.inFlight--;
    const rows = repositoryUuids.map((uuid) => ROWS.find((r) => r.repositoryUuid === uuid)!);
    return { ok: true, data: { repositories: rows.map((r) => environmentsOf(r, state.readable9)) } };
  });
  return {
    state,
    release: () => {
      state.held = false;
      release();
    },
  };
}

beforeEach(() => {
  resetBridge();
  setContext({});
  answer('inventoryRows', () => ({ ok: true, data: inventoryPage(ROWS) }));
  answer('loadWorkspacePage', () => ({ ok: true, data: pageData() }));
});
afterEach(cleanup);

async function renderWithSelection() {
  const user = userEvent.setup();
  render(<App poll={{ firstMs: 5, maxMs: 10 }} />);
  await screen.findByRole('table', { name: 'Repositories of the workspace' }, { timeout: 15_000 });
  await user.click(screen.getByRole('button', { name: /^Select all \d+ shown$/ }));
  await user.type(screen.getByLabelText('Chainguard organization'), 'acme.dev');
  return user;
}

describe('environment trust on the workspace page', () => {
  it('reads the selected repositories in batches, offers the names with counts, and explains the ones without it', async () => {
    const answers = environmentAnswers();
    const user = await renderWithSelection();
    expect(callsTo('readEnvironments')).toHaveLength(0); // nothing is read until environment trust is chosen

    await user.selectOptions(screen.getByLabelText('Who may use the identities'), 'environment');
    expect(await screen.findByText('Reading deployment environments: 0 of 60')).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Production — reading…' })).toBeInTheDocument();
    expect(await screen.findByText(/Waiting for the deployment environments of the selected repositories \(0 of 60 read\)/, {}, { timeout: 15_000 })).toBeInTheDocument();
    answers.release();
    expect(await screen.findByText('Read the deployment environments of 59 of 60 selected repositories.', {}, { timeout: 10_000 })).toBeInTheDocument();

    // Batches of at most the contract's limit, every selected repository once, a few calls at a time.
    const calls = callsTo('readEnvironments');
    expect(calls.map((c) => c.repositoryUuids.length)).toEqual([25, 25, 10]);
    expect(new Set(calls.flatMap((c) => c.repositoryUuids)).size).toBe(60);
    expect(calls.every((c) => c.repositoryUuids.length <= WORKSPACE_LIMITS.maxEnvironmentRepositories)).toBe(true);
    expect(answers.state.maxInFlight).toBeGreaterThan(1);
    expect(answers.state.maxInFlight).toBeLessThanOrEqual(3);

    // The names found, grouped by the core's rule ("production" is "Production"), with counts.
    const select = screen.getByLabelText('Deployment environment') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Production — 58 of 60 selected repositories',
      'Staging — 31 of 60 selected repositories',
    ]);
    expect(select.value).toBe('Production');

    // Those without it, each with the core's reason or why it could not be read.
    const missing = screen.getByRole('list', { name: 'Repositories without the environment' });
    expect(within(missing).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'repo-007: it has no environment named "Production"',
      `repo-009: ${FORBIDDEN}`,
    ]);
    expect(screen.getByText('2 selected repositories cannot trust "Production"')).toBeInTheDocument();
    expect(await screen.findByText(/2 selected repositories cannot be used: "repo-007": it has no environment named "Production"; "repo-009": its deployment environments were not read/)).toBeInTheDocument();

    // Read the failed one again: only it is asked for.
    answers.state.readable9 = true;
    await user.click(screen.getByRole('button', { name: 'Read the 1 that failed again' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Repositories without the environment' })).getAllByRole('listitem')).toHaveLength(1));
    expect(callsTo('readEnvironments').slice(3)).toEqual([{ repositoryUuids: [ROWS[8]!.repositoryUuid] }]);

    // Deselecting the one without it gives Terraform with each repository's own environment, without reading again.
    await user.click(screen.getByLabelText('Select repo-007'));
    expect(await screen.findByText('Production — 59 of 59 selected repositories')).toBeInTheDocument();
    await user.click(await screen.findByRole('tab', { name: 'main.tf' }, { timeout: 15_000 }));
    const main = await screen.findByRole('region', { name: 'Contents of main.tf' });
    await waitFor(() => expect(main.textContent).toContain(envUuid(3, 1)));
    expect(main.textContent).toContain(envUuid(9, 1));
    expect(main.textContent).not.toContain(envUuid(2, 2)); // Staging is not trusted
    expect(callsTo('readEnvironments')).toHaveLength(4);

    // Choosing Staging lists the repositories without it.
    await user.selectOptions(screen.getByLabelText('Deployment environment'), 'Staging');
    expect(await screen.findByText('29 selected repositories cannot trust "Staging"')).toBeInTheDocument();
  }, 60_000);

  it('says when a whole call fails, per repository, and reads them again', async () => {
    let fail = true;
    answer('readEnvironments', ({ repositoryUuids }) =>
      fail
        ? { ok: false, error: { code: 'rate-limited', message: "Bitbucket's rate limit was reached. Try again in 30 s." } }
        : { ok: true, data: { repositories: repositoryUuids.map((u) => environmentsOf(ROWS.find((r) => r.repositoryUuid === u)!, true)) } },
    );
    const user = await renderWithSelection();
    await user.selectOptions(screen.getByLabelText('Who may use the identities'), 'environment');
    expect(await screen.findByText('Read the deployment environments of 0 of 60 selected repositories.', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Repositories without the environment' })).getAllByRole('listitem')[0]!.textContent).toBe(
      "repo-001: Bitbucket's rate limit was reached. Try again in 30 s.",
    );
    expect(screen.getByText('and 10 more.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Read the 60 that failed again' }));
    expect(await screen.findByText('Read the deployment environments of 60 of 60 selected repositories.')).toBeInTheDocument();
    expect(screen.getByText('1 selected repository cannot trust "Production"')).toBeInTheDocument();
  }, 60_000);
});
