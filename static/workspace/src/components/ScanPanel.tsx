// Part 1's progress: a bar with counts and the estimated time left, and the
// buttons to scan, rescan (only what changed) or stop.
import Button from '@atlaskit/button/new';
import ProgressBar from '@atlaskit/progress-bar';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ScanProgress, ScanStatusData } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';
import { ErrorNotice } from '../../../settings/src/components/ErrorNotice';
import { durationInWords } from '../lib/eta';

export interface ScanPanelProps {
  status: ScanStatusData;
  running: boolean;
  busy: boolean;
  error: UseCaseError | null;
  onStart: (kind: 'full' | 'rescan') => void;
  onCancel: () => void;
}

function progressOf(scan: ScanProgress): number | null {
  const { total, done } = scan.counts;
  return total && total > 0 ? Math.min(1, done / total) : null;
}

/** What the message does not say already: the cost in requests (the message has the counts). */
function requestsInWords(scan: ScanProgress): string {
  return `${scan.requests} Bitbucket ${scan.requests === 1 ? 'request' : 'requests'}.`;
}

function timeLeft(scan: ScanProgress): string | null {
  if (scan.phase === 'waiting' && scan.resumesAt) {
    return `Paused by Bitbucket's rate limit; resumes at ${new Date(scan.resumesAt).toLocaleTimeString()}.`;
  }
  return scan.etaSeconds === null ? null : `Time left: ${durationInWords(scan.etaSeconds)}.`;
}

export function ScanPanel({ status, running, busy, error, onStart, onCancel }: ScanPanelProps) {
  const scan = status.scan;
  const value = scan ? progressOf(scan) : null;
  const caption = scan ? `${scan.message} ${requestsInWords(scan)}` : 'This workspace has not been scanned yet.';
  return (
    <Stack space="space.100">
      {scan && (running || scan.phase === 'done' || scan.phase === 'cancelled') ? (
        <div>
          <ProgressBar
            ariaLabel={running ? 'Scan progress' : 'Last scan'}
            value={value ?? 0}
            isIndeterminate={running && value === null}
            appearance={!running && scan.phase === 'done' ? 'success' : 'default'}
          />
        </div>
      ) : null}
      <div role="status" aria-live="polite" style={{ color: token('color.text', '#172B4D') }}>
        <div>{caption}</div>
        {scan && running ? <div style={{ color: token('color.text.subtle', '#44546F') }}>{timeLeft(scan)}</div> : null}
        {!running && status.lastFinishedAt ? (
          <div style={{ color: token('color.text.subtle', '#44546F') }}>Last scan finished {new Date(status.lastFinishedAt).toLocaleString()}.</div>
        ) : null}
      </div>
      {scan?.phase === 'failed' && scan.error ? <ErrorNotice error={scan.error} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <Inline space="space.100">
        {running ? (
          <Button onClick={onCancel} isDisabled={busy}>
            Stop scan
          </Button>
        ) : (
          <>
            <Button appearance="primary" onClick={() => onStart(status.lastFinishedAt ? 'rescan' : 'full')} isDisabled={busy}>
              {status.lastFinishedAt ? 'Rescan changed repositories' : 'Scan workspace'}
            </Button>
            {status.lastFinishedAt ? (
              <Button onClick={() => onStart('full')} isDisabled={busy}>
                Scan everything again
              </Button>
            ) : null}
          </>
        )}
      </Inline>
    </Stack>
  );
}
