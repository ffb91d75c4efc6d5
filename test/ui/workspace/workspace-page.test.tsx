// @vitest-environment jsdom
import '../dom-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BulkItem, InventoryRow, WorkspacePageData } from '../../../src/api/workspace-contract';
import { App } from '../../../static/workspace/src/App';
import { answer, callsTo, invoke, resetBridge, router, setContext } from './fake-workspace-bridge';
import { bulkItem, bulkRun, inventoryRow, pageData, scanProgress } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-workspace-bridge'));

const ORG = 'acme.dev';
const ROWS = Array.from({ length: 12 }, (_, i) => inventoryRow(i + 1));
const FAST_POLL = { firstMs: 5, maxMs: 10 };

/** One answer of inventoryRows. */
function inventoryPage(rows: InventoryRow[], nextCursor: string | null = null): { rows: InventoryRow[]; nextCursor: string | null } {
  return { rows, nextCursor: nextCursor };
}

beforeEach(() => {
  resetBridge();
  setContext({ localId: 'ari:cloud:ecosystem::extension/11111111-2222-4333-8444-555555555555/env/static/chainguard-oidc-workspace' });
  // Two pages, to show the page reads the whole inventory.
  answer('inventoryRows', (payload) =>
    payload.cursor === 'page-2' ? { ok: true, data: inventoryPage(ROWS.slice(6)) } : { ok: true, data: inventoryPage(ROWS.slice(0, 6), 'page-2') },
  );
});
afterEach(cleanup);

async function renderPage(data: WorkspacePageData = pageData()) {
  answer('loadWorkspacePage', () => ({ ok: true, data }));
  const user = userEvent.setup();
  render(<App poll={FAST_POLL} />);
  await screen.findByRole('table', { name: 'Repositories of the workspace' }, { timeout: 15_000 });
  return user;
}

function table() {
  return screen.getByRole('table', { name: 'Repositories of the workspace' });
}

async function selectShown(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: /^Select all \d+ shown$/ }));
}

describe('inventory', () => {
  it('reads every page of the inventory and shows each repository with its state and links', async () => {
    const user = await renderPage();
    expect(callsTo('inventoryRows').map((p) => p.cursor)).toEqual([undefined, 'page-2']);
    expect(screen.getByText('12 of 12 repositories shown; 0 selected.')).toBeInTheDocument();
    const link = within(table()).getByRole('link', { name: 'repo-001: open its Chainguard OIDC page' });
    await user.click(link);
    expect(router.open).toHaveBeenCalledWith('https://bitbucket.org/acme/repo-001/admin/forge/11111111-2222-4333-8444-555555555555/chainguard-oidc-settings');
    expect(within(table()).getAllByText('Set up')).toHaveLength(2); // repo-005, repo-010
  });

  it('filters by name, project and status, and sorts by name both ways', async () => {
    const user = await renderPage();
    await user.type(screen.getByLabelText('Filter by name'), '01');
    expect(screen.getByText('4 of 12 repositories shown; 0 selected.')).toBeInTheDocument(); // 001, 010, 011, 012
    await user.clear(screen.getByLabelText('Filter by name'));
    await user.selectOptions(screen.getByLabelText('Project'), 'OPS');
    expect(screen.getByText('4 of 12 repositories shown; 0 selected.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Status'), 'set-up');
    expect(screen.getByText('0 of 12 repositories shown; 0 selected.')).toBeInTheDocument(); // 3, 6, 9, 12 are not set up
    await user.selectOptions(screen.getByLabelText('Project'), '');
    expect(screen.getByText('2 of 12 repositories shown; 0 selected.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Status'), '');
    const names = () => within(table()).getAllByRole('link', { name: /open its Chainguard OIDC page/ }).map((a) => a.textContent);
    expect(names()[0]).toBe('repo-001');
    await user.click(within(table()).getByRole('button', { name: /Repository/ }));
    await waitFor(() => expect(names()[0]).toBe('repo-012'));
  });

  it('selects all shown repositories and says how many the filter hides', async () => {
    const user = await renderPage();
    await user.selectOptions(screen.getByLabelText('Project'), 'OPS');
    await selectShown(user);
    await user.selectOptions(screen.getByLabelText('Project'), 'WEB');
    expect(screen.getByText('8 of 12 repositories shown; 4 selected (4 hidden by the filter).')).toBeInTheDocument();
    await user.click(within(table()).getByRole('checkbox', { name: 'Select repo-001' }));
    expect(screen.getByText('8 of 12 repositories shown; 5 selected (4 hidden by the filter).')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.getByText('8 of 12 repositories shown; 0 selected.')).toBeInTheDocument();
  });
});

describe('scan', () => {
  it('shows progress with counts and time left, polls until done, then reloads the inventory', async () => {
    const running = scanProgress({ phase: 'reading', counts: { total: 300, done: 120, read: 100, unchanged: 20, failed: 0, remaining: 180 }, requests: 205, etaSeconds: 600, finishedAt: null, message: 'Scanned 120 of 300 repositories so far (100 read, 20 unchanged since the last scan).' });
    let polls = 0;
    answer('scanStatus', () => {
      polls++;
      return { ok: true, data: polls < 2 ? { scan: running, lastFinishedAt: null } : { scan: scanProgress(), lastFinishedAt: '2026-12-01T12:00:00.000Z' } };
    });
    await renderPage(pageData({ scan: { scan: running, lastFinishedAt: null } }));
    // The backend's words, and the cost beside them.
    expect(screen.getByText('Scanned 120 of 300 repositories so far (100 read, 20 unchanged since the last scan). 205 Bitbucket requests.')).toBeInTheDocument();
    expect(screen.getByText('Time left: about 10 minutes.')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Scan progress' })).toHaveAttribute('aria-valuenow', '0.4');
    await screen.findByText(/Last scan finished/);
    await waitFor(() => expect(callsTo('inventoryRows').length).toBe(4)); // loaded again after the scan
    expect(screen.getByRole('button', { name: 'Rescan changed repositories' })).toBeInTheDocument();
  });

  it('starts a rescan of what changed, or a full scan', async () => {
    answer('startScan', (payload) => ({ ok: true, data: scanProgress({ kind: payload.kind, phase: 'queued', finishedAt: null, counts: { total: null, done: 0, read: 0, unchanged: 0, failed: 0, remaining: 0 } }) }));
    answer('scanStatus', () => ({ ok: true, data: { scan: scanProgress(), lastFinishedAt: '2026-12-01T12:00:00.000Z' } }));
    const user = await renderPage();
    await user.click(screen.getByRole('button', { name: 'Rescan changed repositories' }));
    await user.click(await screen.findByRole('button', { name: 'Scan everything again' }));
    expect(callsTo('startScan')).toEqual([{ kind: 'rescan' }, { kind: 'full' }]);
  });
});

describe('Terraform for the selection', () => {
  it('generates one identity per repository for the selection, then one shared identity, explaining the trade-off', async () => {
    const user = await renderPage();
    expect(screen.getByText('Select repositories in the table to generate their Terraform.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Filter by name'), 'repo-00');
    await selectShown(user);
    await user.type(screen.getByLabelText('Chainguard organization'), ORG);
    await user.click(await screen.findByRole('tab', { name: 'main.tf' }, { timeout: 15_000 }));
    const main = await screen.findByRole('region', { name: 'Contents of main.tf' });
    await waitFor(() => expect(main.textContent).toContain('for_each    = local.repositories'));
    for (let i = 1; i <= 9; i++) expect(main.textContent).toContain(`repo-00${i} = {`);
    expect(main.textContent).not.toContain('repo-010');
    expect(screen.getByRole('heading', { name: '3. Terraform for 9 selected repositories' })).toBeInTheDocument();

    expect(screen.getByText(/A repository variable overrides the workspace variable/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /One identity for the selected repositories/ }));
    expect(screen.getByText(/Fewer things to manage, but the repositories share the identity/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('region', { name: 'Contents of main.tf' }).textContent).toContain('claim_patterns = {'));
    expect(screen.getByRole('region', { name: 'Contents of main.tf' }).textContent).not.toContain('for_each');
  });

  it('says why there is no Terraform: an invalid organization, or environment trust without known environments', async () => {
    const user = await renderPage();
    await selectShown(user);
    await user.type(screen.getByLabelText('Chainguard organization'), 'Acme.dev');
    expect(await screen.findAllByText(/Chainguard names are lowercase only/)).not.toHaveLength(0);
    await user.clear(screen.getByLabelText('Chainguard organization'));
    await user.type(screen.getByLabelText('Chainguard organization'), ORG);
    await user.selectOptions(screen.getByLabelText('Who may use the identities'), 'environment');
    expect(await screen.findByText(/12 selected repositories cannot be used: .*its deployment environments were not read/)).toBeInTheDocument();
  });
});

describe('bulk pull requests', () => {
  function stepAnswers(outcomes: Record<string, Partial<BulkItem>>) {
    const inFlight = { now: 0, max: 0 };
    answer('bulkStep', async ({ repositoryUuid }) => {
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      await new Promise((r) => setTimeout(r, 2));
      inFlight.now--;
      const row = ROWS.find((r) => r.repositoryUuid === repositoryUuid)!;
      return { ok: true, data: bulkItem(row, { state: 'created', message: 'Pull request opened.', pullRequest: { id: 1, url: `https://bitbucket.org/acme/${row.slug}/pull-requests/1` }, attempts: 1, ...outcomes[row.slug] }) };
    });
    return inFlight;
  }

  it('opens pull requests for the selection, a bounded number at a time, and shows each outcome with its link', async () => {
    answer('startBulk', (payload) => {
      if (payload.action !== 'open-pull-requests') throw new Error('wrong action');
      return { ok: true, data: bulkRun('open-pull-requests', payload.repositoryUuids.map((uuid) => bulkItem(ROWS.find((r) => r.repositoryUuid === uuid)!))) };
    });
    const inFlight = stepAnswers({
      'repo-002': { state: 'refused', message: 'The pipeline file does not parse: fix it first.', pullRequest: null },
      'repo-003': { state: 'failed', message: 'Bitbucket is not answering. Retry later.', pullRequest: null, errorCode: 'bitbucket-unavailable' },
    });
    const user = await renderPage();
    const open = screen.getByRole('button', { name: 'Open pull requests (0)' });
    expect(open).toBeDisabled();
    await selectShown(user);
    expect(screen.getByText('Enter the Chainguard organization first.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Chainguard organization'), ORG);
    await user.click(screen.getByRole('button', { name: 'Open pull requests (12)' }));

    await screen.findByText('12 of 12 repositories done: 10 created, 1 refused, 1 failed.', undefined, { timeout: 15_000 });
    const [start] = callsTo('startBulk');
    expect(start).toEqual({ action: 'open-pull-requests', repositoryUuids: ROWS.map((r) => r.repositoryUuid), settings: { organization: ORG, role: 'registry.pull', trust: { kind: 'main-branch' }, steps: 'suggested' } });
    expect(callsTo('bulkStep')).toHaveLength(12);
    expect(inFlight.max).toBeLessThanOrEqual(3);
    expect(inFlight.max).toBeGreaterThan(1);

    const outcomes = screen.getByRole('table', { name: 'Outcome per repository' });
    const rows = within(outcomes).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('repo-003')).toBeInTheDocument(); // failed first
    expect(within(rows[0]!).getByText('Bitbucket is not answering. Retry later.')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('The pipeline file does not parse: fix it first.')).toBeInTheDocument();
    await user.click(within(outcomes).getByRole('link', { name: 'Pull request #1 of repo-001' }));
    expect(router.open).toHaveBeenLastCalledWith('https://bitbucket.org/acme/repo-001/pull-requests/1');

    answer('retryFailed', () => ({ ok: true, data: bulkRun('open-pull-requests', ROWS.map((r) => bulkItem(r, r.slug === 'repo-003' ? {} : { state: 'created', message: 'ok' }))) }));
    stepAnswers({});
    invoke.mockClear();
    await user.click(screen.getByRole('button', { name: 'Retry failed (1)' }));
    await screen.findByText('12 of 12 repositories done: 12 created.', undefined, { timeout: 15_000 });
    expect(callsTo('retryFailed')).toEqual([{ runId: 'run-1' }]);
    expect(callsTo('bulkStep')).toEqual([{ runId: 'run-1', repositoryUuid: ROWS[2]!.repositoryUuid }]);
  });

  it('stops at a consent request and continues after "Allow access", asking once', async () => {
    answer('startBulk', () => ({ ok: true, data: bulkRun('open-pull-requests', ROWS.slice(0, 3).map((r) => bulkItem(r))) }));
    answer('bulkStep', (payload) =>
      payload.allowAccess
        ? { ok: true, data: bulkItem(ROWS.find((r) => r.repositoryUuid === payload.repositoryUuid)!, { state: 'created', message: 'ok' }) }
        : callsTo('bulkStep').some((p) => p.allowAccess)
          ? { ok: true, data: bulkItem(ROWS.find((r) => r.repositoryUuid === payload.repositoryUuid)!, { state: 'created', message: 'ok' }) }
          : { ok: false, error: { code: 'needs-authentication', message: 'Allow the app to act as you.' } },
    );
    const user = await renderPage(pageData({ limits: { ...pageData().limits, bulkConcurrency: 1 } }));
    await user.type(screen.getByLabelText('Filter by name'), 'repo-00');
    await user.click(within(table()).getByRole('checkbox', { name: 'Select repo-001' }));
    await user.type(screen.getByLabelText('Chainguard organization'), ORG);
    await user.click(screen.getByRole('button', { name: 'Open pull requests (1)' }));
    await user.click(await screen.findByRole('button', { name: 'Allow access' }));
    await screen.findByText('3 of 3 repositories done: 3 created.');
    expect(callsTo('bulkStep').filter((p) => p.allowAccess)).toHaveLength(1);
  });
});

describe('identity IDs', () => {
  const ID = `${'a'.repeat(40)}/0123456789abcdef`;

  it('reads pasted per-repository output, and saves each through a bulk run', async () => {
    answer('parseIdentityIds', () => ({ ok: true, data: { shape: 'per-repository', identityIds: [{ repositoryUuid: ROWS[0]!.repositoryUuid, slug: 'repo-001', identityId: ID }], unknownSlugs: [], identityId: null } }));
    answer('startBulk', () => ({ ok: true, data: bulkRun('save-identity-ids', [bulkItem(ROWS[0]!)]) }));
    answer('bulkStep', () => ({ ok: true, data: bulkItem(ROWS[0]!, { state: 'created', message: 'CHAINGUARD_IDENTITY set.' }) }));
    const user = await renderPage();
    const box = await screen.findByLabelText('Output of terraform output -json', undefined, { timeout: 15_000 });
    await user.click(box);
    await user.paste('{"bitbucket-identities": {"value": {"repo-001": "nope"}}}');
    expect(screen.getByText(/One value is not a Chainguard identity ID/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save identity IDs' })).toBeDisabled();
    await user.clear(box);
    await user.paste(JSON.stringify({ 'bitbucket-identities': { value: { 'repo-001': ID, gone: ID } } }));
    expect(screen.getByText(/1 identity IDs for repositories of this workspace; 1 not in the inventory will be skipped \(gone\)/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save identity IDs' }));
    await screen.findByText('1 of 1 repositories done: 1 created.');
    expect(callsTo('startBulk')).toEqual([{ action: 'save-identity-ids', identityIds: [{ repositoryUuid: ROWS[0]!.repositoryUuid, identityId: ID }] }]);
    expect(screen.getByRole('heading', { name: 'Identity IDs: outcome per repository' })).toBeInTheDocument();
  });

  it('saves one shared identity as the workspace variable and names the repositories that override it', async () => {
    answer('saveWorkspaceIdentity', () => ({ ok: true, data: { key: 'CHAINGUARD_IDENTITY', outcome: 'created', overriddenIn: ['repo-005', 'repo-010'] } }));
    const user = await renderPage();
    await user.click(screen.getByRole('radio', { name: /One identity for the selected repositories/ }));
    await user.click(await screen.findByLabelText('Output of terraform output -json', undefined, { timeout: 15_000 }));
    await user.paste(ID);
    await user.click(screen.getByRole('button', { name: 'Save identity IDs' }));
    expect(await screen.findByText('Workspace variable CHAINGUARD_IDENTITY created')).toBeInTheDocument();
    expect(screen.getByText(/2 repositories set their own CHAINGUARD_IDENTITY, which overrides the workspace variable: repo-005, repo-010/)).toBeInTheDocument();
    expect(callsTo('saveWorkspaceIdentity')).toEqual([{ identityId: ID }]);
  });
});

describe('loading', () => {
  it('says what failed and retries', async () => {
    let calls = 0;
    answer('loadWorkspacePage', () => (++calls === 1 ? { ok: false, error: { code: 'forbidden', message: 'Only workspace admins can use this page.' } } : { ok: true, data: pageData() }));
    const user = userEvent.setup();
    render(<App poll={FAST_POLL} />);
    expect(await screen.findByText('Only workspace admins can use this page.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Repositories of the workspace' }, { timeout: 15_000 })).toBeInTheDocument();
  });
});
