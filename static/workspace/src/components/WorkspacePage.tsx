// The workspace page: where every repository stands (scan and inventory), the
// choices made once, one Terraform for the selection, bulk pull requests and
// identity IDs, and the outcome per repository.
import { Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { WORKSPACE_LIMITS, type InventoryRow, type WorkspacePageData } from '@app/api/workspace-contract';
import { chainguardNameProblem } from '@app/core/names';
import type { UseCaseError } from '@app/usecases/types';
import { ErrorNotice } from '../../../settings/src/components/ErrorNotice';
import { Notice } from '../../../settings/src/components/Notice';
import { Section } from '../../../settings/src/components/Section';
import { loadInventory, type LoadedInventory } from '../lib/load-inventory';
import { bulkSettingsOf, INITIAL_CHOICES, type WorkspaceChoices } from '../lib/settings';
import { useBulkRun } from '../lib/use-bulk-run';
import { useEnvironmentReads } from '../lib/use-environment-reads';
import { DEFAULT_POLL, useScan, type PollTiming } from '../lib/use-scan';
import { call } from '../workspace-call';
import { BulkPullRequests } from './BulkPullRequests';
import { ChoicesForm } from './ChoicesForm';
import { BulkOutcomes, IdentityIds, InventoryTable, WorkspaceTerraformPanel } from './lazy-parts';
import { ScanPanel } from './ScanPanel';
import { ShapeChooser } from './ShapeChooser';

type InventoryState = { kind: 'loading' } | { kind: 'failed'; error: UseCaseError } | { kind: 'ready'; data: LoadedInventory };

export interface WorkspacePageProps {
  data: WorkspacePageData;
  appId: string | null;
  poll?: PollTiming;
}

export function WorkspacePage({ data, appId, poll = DEFAULT_POLL }: WorkspacePageProps) {
  const [inventory, setInventory] = useState<InventoryState>({ kind: 'loading' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [choices, setChoices] = useState<WorkspaceChoices>(INITIAL_CHOICES);

  const reload = useCallback(async () => {
    const result = await loadInventory(
      (cursor) => call('inventoryRows', cursor ? { cursor } : {}),
      data.limits.maxRepositories,
      WORKSPACE_LIMITS.inventoryPageSize,
    );
    setInventory(result.ok ? { kind: 'ready', data: result.data } : { kind: 'failed', error: result.error });
  }, [data.limits.maxRepositories]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const scan = useScan(data.scan, () => void reload(), poll);
  const bulk = useBulkRun(data.activeBulkRun, data.limits.bulkConcurrency, () => void reload());

  const rows: readonly InventoryRow[] = inventory.kind === 'ready' ? inventory.data.rows : [];
  const selectedRows = useMemo(() => rows.filter((r) => selected.has(r.repositoryUuid)), [rows, selected]);
  const environments = useEnvironmentReads(selectedRows, choices.trustKind === 'environment');
  const workspace = useMemo(() => ({ slug: data.workspace.slug, uuid: data.workspace.uuid }), [data.workspace.slug, data.workspace.uuid]);
  const organizationProblem = choices.organization.trim() === '' ? 'Enter the Chainguard organization first.' : chainguardNameProblem(choices.organization.trim(), 'organization name');
  const errors = choices.organization.trim() !== '' && organizationProblem ? [{ field: 'organization', message: organizationProblem }] : [];

  const select = useCallback((uuids: string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const uuid of uuids) (on ? next.add(uuid) : next.delete(uuid));
      return next;
    });
  }, []);

  const subtle = { color: token('color.text.subtle', '#44546F') };
  return (
    <main style={{ padding: '16px 24px', maxWidth: 1280 }}>
      <Stack space="space.200">
        <div>
          <h1 style={{ font: token('font.heading.large', 'normal 500 24px/28px sans-serif'), margin: 0 }}>Chainguard OIDC for {data.workspace.name}</h1>
          <p style={subtle}>
            Where every repository of the workspace stands, one Terraform configuration for many of them, and the setup pull requests in bulk.
          </p>
        </div>
        <Section id="repositories" title="1. Repositories">
          <ScanPanel status={scan.status} running={scan.running} busy={scan.busy} error={scan.error} onStart={(kind) => void scan.start(kind)} onCancel={() => void scan.cancel()} />
          {inventory.kind === 'loading' ? <p role="status">Loading the inventory…</p> : null}
          {inventory.kind === 'failed' ? <ErrorNotice error={inventory.error} onRetry={() => void reload()} /> : null}
          {inventory.kind === 'ready' ? (
            <InventoryTable
              rows={inventory.data.rows}
              projects={inventory.data.projects}
              selected={selected}
              onSelect={select}
              onClearSelection={() => setSelected(new Set())}
              appId={appId}
            />
          ) : null}
        </Section>
        <Section id="choices" title="2. Identity choices">
          <ChoicesForm choices={choices} onChange={setChoices} errors={errors} environments={environments} />
          <ShapeChooser shape={choices.shape} onChange={(shape) => setChoices({ ...choices, shape })} />
        </Section>
        <Section id="terraform" title={`3. Terraform for ${selectedRows.length} selected ${selectedRows.length === 1 ? 'repository' : 'repositories'}`}>
          <WorkspaceTerraformPanel workspace={workspace} rows={selectedRows} choices={choices} environments={environments} />
        </Section>
        <Section id="pull-requests" title="4. Pull requests">
          <BulkPullRequests
            choices={choices}
            onChange={setChoices}
            selectedCount={selectedRows.length}
            maxRepositories={WORKSPACE_LIMITS.maxBulkRepositories}
            blocker={organizationProblem}
            busy={bulk.running}
            onOpen={() => void bulk.start({ action: 'open-pull-requests', repositoryUuids: selectedRows.map((r) => r.repositoryUuid), settings: bulkSettingsOf(choices) })}
            onStop={bulk.stop}
          />
        </Section>
        <Section id="identity-ids" title="5. Identity IDs">
          <IdentityIds
            shape={choices.shape}
            rows={rows}
            maxBytes={data.limits.maxTerraformOutputBytes}
            busy={bulk.running}
            onSaveEach={(identityIds) => bulk.start({ action: 'save-identity-ids', identityIds })}
          />
        </Section>
        {bulk.error ? <ErrorNotice error={bulk.error} /> : null}
        {bulk.needsConsent ? <ErrorNotice error={bulk.needsConsent} onAllowAccess={() => void bulk.resume(true)} /> : null}
        {bulk.run ? (
          <Section id="outcomes" title={bulk.run.action === 'open-pull-requests' ? 'Pull requests: outcome per repository' : 'Identity IDs: outcome per repository'}>
            <BulkOutcomes run={bulk.run} running={bulk.running} onRetryFailed={() => void bulk.retryFailed()} onResume={() => void bulk.resume()} />
          </Section>
        ) : (
          <Notice appearance="information" title="Nothing opened or saved yet">
            <p>Outcomes of bulk pull requests and saved identity IDs appear here, one row per repository.</p>
          </Notice>
        )}
      </Stack>
    </main>
  );
}
