// Part 1's inventory: every repository of the workspace, filtered and sorted
// by project, name and status, with a box per row to select it for the
// Terraform and the bulk pull requests. Only the shown page is rendered.
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useMemo, useState, type ReactNode } from 'react';
import type { InventoryRow, InventorySortKey, RepositoryStatus } from '@app/api/workspace-contract';
import { NativeSelect } from '../../../settings/src/components/NativeSelect';
import { StatusTag, type StatusTone } from '../../../settings/src/components/StatusTag';
import { TextInput } from '../../../settings/src/components/TextInput';
import { STATUS_LABELS, STATUS_ORDER, viewInventory } from '../lib/inventory-view';
import { repositoryPageUrl } from '../lib/repository-link';
import { ExternalLink } from '../../../settings/src/components/ExternalLink';

export const ROWS_PER_PAGE = 50;

const STATUS_TONES: Record<RepositoryStatus, StatusTone | null> = {
  'set-up': 'success',
  'pull-request-merged': 'discovery',
  'pull-request-open': 'discovery',
  'needs-setup': 'warning',
  'pipelines-off': null,
  'invalid-pipeline': 'danger',
  unreadable: 'danger',
};

export interface InventoryTableProps {
  rows: readonly InventoryRow[];
  projects: { key: string; name: string; count: number }[];
  selected: ReadonlySet<string>;
  onSelect: (uuids: string[], selected: boolean) => void;
  onClearSelection: () => void;
  appId: string | null;
}

const subtle = { color: token('color.text.subtle', '#44546F') };

function pipelineFileCell(row: InventoryRow): ReactNode {
  switch (row.pipelineFile.state) {
    case 'absent':
      return 'None';
    case 'present':
      return `${row.pipelineFile.lines} lines`;
    case 'unparsable':
      // The reason is a paragraph: folded, so one row does not take the whole screen.
      return (
        <details>
          <summary>Does not parse</summary>
          {row.pipelineFile.reason}
        </details>
      );
    case 'unknown':
      return 'Unknown';
  }
}

function pullRequestCell(row: InventoryRow) {
  const pr = row.pullRequest;
  if (pr.state === 'none') return 'None';
  if (pr.state === 'unknown') return 'Unknown';
  return (
    <ExternalLink url={pr.url} label={`${pr.state === 'open' ? 'Open' : 'Merged'} pull request #${pr.id} of ${row.slug}`}>
      {pr.state === 'open' ? 'Open' : 'Merged'} #{pr.id}
    </ExternalLink>
  );
}

function identityText(row: InventoryRow): string {
  switch (row.identity.state) {
    case 'repository':
      return 'Repository variable';
    case 'workspace':
      return 'Workspace variable';
    case 'none':
      return 'Not set';
    case 'not-checked':
      return 'Not checked';
    case 'unknown':
      return 'Unknown';
  }
}

function lastCheckCell(row: InventoryRow) {
  const check = row.lastCheck;
  if (check.state === 'none') return 'Never run';
  if (check.state === 'unknown') return 'Unknown';
  const text = `${check.state[0]!.toUpperCase()}${check.state.slice(1)} ${new Date(check.at).toLocaleDateString()}`;
  return check.url ? <ExternalLink url={check.url}>{text}</ExternalLink> : text;
}

function StatusCell({ row }: { row: InventoryRow }) {
  const tone = STATUS_TONES[row.status];
  const label = STATUS_LABELS[row.status];
  return (
    <span title={row.error}>
      {tone ? <StatusTag tone={tone}>{label}</StatusTag> : <span style={subtle}>{label}</span>}
    </span>
  );
}

const head: HeadType = {
  cells: [
    { key: 'select', content: <span style={{ position: 'absolute', left: -9999 }}>Select</span>, width: 4 },
    { key: 'name', content: 'Repository', isSortable: true, width: 18 },
    { key: 'project', content: 'Project', isSortable: true, width: 11 },
    { key: 'status', content: 'Status', isSortable: true, width: 12 },
    { key: 'pipelines', content: 'Pipelines', width: 7 },
    { key: 'file', content: 'bitbucket-pipelines.yml', width: 12 },
    { key: 'oidc', content: 'oidc: true steps', width: 12 },
    { key: 'pr', content: 'Setup pull request', width: 9 },
    { key: 'identity', content: 'CHAINGUARD_IDENTITY', width: 9 },
    { key: 'check', content: 'Last check', width: 8 },
  ],
};

export function InventoryTable({ rows, projects, selected, onSelect, onClearSelection, appId }: InventoryTableProps) {
  const [text, setText] = useState('');
  const [project, setProject] = useState('');
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState<{ by: InventorySortKey; direction: 'asc' | 'desc' }>({ by: 'name', direction: 'asc' });
  const [page, setPage] = useState(1);

  const filter = useMemo(
    () => ({ text, projects: project ? [project] : [], statuses: status ? [status as RepositoryStatus] : [] }),
    [text, project, status],
  );
  const view = useMemo(() => viewInventory(rows, filter, sort), [rows, filter, sort]);
  const pages = Math.max(1, Math.ceil(view.length / ROWS_PER_PAGE));
  const shownPage = Math.min(page, pages);
  const pageRows = view.slice((shownPage - 1) * ROWS_PER_PAGE, shownPage * ROWS_PER_PAGE);
  const selectedInView = view.filter((row) => selected.has(row.repositoryUuid)).length;

  const tableRows: RowType[] = pageRows.map((row) => ({
    key: row.repositoryUuid,
    cells: [
      {
        key: 'select',
        content: (
          <Checkbox
            isChecked={selected.has(row.repositoryUuid)}
            onChange={(event) => onSelect([row.repositoryUuid], event.currentTarget.checked)}
            label={<span style={{ position: 'absolute', left: -9999 }}>{`Select ${row.slug}`}</span>}
          />
        ),
      },
      {
        key: 'name',
        content: (
          <ExternalLink url={repositoryPageUrl(row.url, appId)} label={`${row.name}: open its Chainguard OIDC page`}>
            {row.name}
          </ExternalLink>
        ),
      },
      { key: 'project', content: row.project?.name ?? <span style={subtle}>No project</span> },
      { key: 'status', content: <StatusCell row={row} /> },
      { key: 'pipelines', content: row.pipelinesEnabled === null ? 'Unknown' : row.pipelinesEnabled ? 'On' : 'Off' },
      { key: 'file', content: pipelineFileCell(row) },
      { key: 'oidc', content: row.oidcSteps.length === 0 ? <span style={subtle}>None</span> : row.oidcSteps.join(', ') },
      { key: 'pr', content: pullRequestCell(row) },
      { key: 'identity', content: identityText(row) },
      { key: 'check', content: lastCheckCell(row) },
    ],
  }));

  const statusOptions = [
    { value: '', label: 'All statuses' },
    ...STATUS_ORDER.map((s) => ({ value: s, label: `${STATUS_LABELS[s]} (${rows.filter((r) => r.status === s).length})` })),
  ];
  const projectOptions = [{ value: '', label: 'All projects' }, ...projects.map((p) => ({ value: p.key, label: `${p.name} (${p.count})` }))];

  return (
    <Stack space="space.150">
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: 12 }}>
        <TextInput id="inventory-filter" label="Filter by name" value={text} onChange={(v) => (setText(v), setPage(1))} placeholder="e.g. api" />
        <NativeSelect id="inventory-project" label="Project" value={project} options={projectOptions} onChange={(v) => (setProject(v), setPage(1))} />
        <NativeSelect id="inventory-status" label="Status" value={status} options={statusOptions} onChange={(v) => (setStatus(v), setPage(1))} />
      </div>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Button onClick={() => onSelect(view.map((r) => r.repositoryUuid), true)} isDisabled={view.length === 0}>
          {`Select all ${view.length} shown`}
        </Button>
        <Button onClick={onClearSelection} isDisabled={selected.size === 0}>
          Clear selection
        </Button>
        <span role="status" aria-live="polite">
          {`${view.length} of ${rows.length} repositories shown; ${selected.size} selected${selected.size !== selectedInView ? ` (${selected.size - selectedInView} hidden by the filter)` : ''}.`}
        </span>
      </Inline>
      <div style={{ overflowX: 'auto' }}>
        <DynamicTableStateless
          label="Repositories of the workspace"
          head={head}
          rows={tableRows}
          // Rows arrive sorted and paged here; totalRows tells the table not to sort or page them again.
          totalRows={view.length}
          rowsPerPage={ROWS_PER_PAGE}
          page={shownPage}
          onSetPage={setPage}
          sortKey={sort.by}
          sortOrder={sort.direction === 'asc' ? 'ASC' : 'DESC'}
          onSort={({ key, sortOrder }: { key: InventorySortKey; sortOrder: 'ASC' | 'DESC' }) => setSort({ by: key, direction: sortOrder === 'ASC' ? 'asc' : 'desc' })}
          emptyView={<p>{rows.length === 0 ? 'No repositories yet: scan the workspace.' : 'No repository matches the filter.'}</p>}
        />
      </div>
    </Stack>
  );
}
