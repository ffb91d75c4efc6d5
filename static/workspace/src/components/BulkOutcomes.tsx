// Part 4's outcomes: one row per repository of a bulk run, with its
// pull request, and a button that retries the failed ones.
import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import ProgressBar from '@atlaskit/progress-bar';
import { useState } from 'react';
import type { BulkItem, BulkItemState, BulkRun } from '@app/api/workspace-contract';
import { StatusTag, type StatusTone } from '../../../settings/src/components/StatusTag';
import { countBulkItems } from '@app/api/workspace-contract';
import { ExternalLink } from '../../../settings/src/components/ExternalLink';

const ROWS_PER_PAGE = 50;

export const OUTCOME_LABELS: Record<BulkItemState, string> = {
  pending: 'Waiting',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  refused: 'Refused',
  failed: 'Failed',
};

const TONES: Record<BulkItemState, StatusTone | null> = {
  pending: null,
  created: 'success',
  updated: 'success',
  unchanged: 'discovery',
  refused: 'warning',
  failed: 'danger',
};

const head: HeadType = {
  cells: [
    { key: 'repository', content: 'Repository', width: 20 },
    { key: 'outcome', content: 'Outcome', width: 12 },
    { key: 'message', content: 'What happened', width: 52 },
    { key: 'link', content: 'Pull request', width: 16 },
  ],
};

function row(item: BulkItem): RowType {
  const tone = TONES[item.state];
  return {
    key: item.repositoryUuid,
    cells: [
      { key: 'repository', content: item.slug },
      { key: 'outcome', content: tone ? <StatusTag tone={tone}>{OUTCOME_LABELS[item.state]}</StatusTag> : OUTCOME_LABELS[item.state] },
      { key: 'message', content: item.message },
      {
        key: 'link',
        content: item.pullRequest ? (
          <ExternalLink url={item.pullRequest.url} label={`Pull request #${item.pullRequest.id} of ${item.slug}`}>
            {`#${item.pullRequest.id}`}
          </ExternalLink>
        ) : (
          ''
        ),
      },
    ],
  };
}

export function BulkOutcomes({ run, running, onRetryFailed, onResume }: { run: BulkRun; running: boolean; onRetryFailed: () => void; onResume: () => void }) {
  const [page, setPage] = useState(1);
  const counts = countBulkItems(run.items);
  const total = run.items.length;
  const done = total - counts.pending;
  const summary = (Object.keys(OUTCOME_LABELS) as BulkItemState[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${OUTCOME_LABELS[s].toLowerCase()}`)
    .join(', ');
  // Failed first, then refused: what needs the admin's attention is on the first page.
  const order: BulkItemState[] = ['failed', 'refused', 'pending', 'created', 'updated', 'unchanged'];
  const items = [...run.items].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || a.slug.localeCompare(b.slug));
  const pages = Math.max(1, Math.ceil(items.length / ROWS_PER_PAGE));
  const shownPage = Math.min(page, pages);
  return (
    <Stack space="space.150">
      <ProgressBar ariaLabel="Bulk progress" value={total === 0 ? 1 : done / total} appearance={done === total && counts.failed === 0 ? 'success' : 'default'} />
      <div role="status" aria-live="polite">{`${done} of ${total} repositories done: ${summary}.`}</div>
      <Inline space="space.100">
        {counts.failed > 0 ? (
          <Button onClick={onRetryFailed} isDisabled={running}>
            {`Retry failed (${counts.failed})`}
          </Button>
        ) : null}
        {!running && counts.pending > 0 ? <Button onClick={onResume}>{`Continue (${counts.pending} left)`}</Button> : null}
      </Inline>
      <div style={{ overflowX: 'auto' }}>
        <DynamicTableStateless
          label="Outcome per repository"
          head={head}
          rows={items.slice((shownPage - 1) * ROWS_PER_PAGE, shownPage * ROWS_PER_PAGE).map(row)}
          totalRows={items.length}
          rowsPerPage={ROWS_PER_PAGE}
          page={shownPage}
          onSetPage={setPage}
        />
      </div>
    </Stack>
  );
}
