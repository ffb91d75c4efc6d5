// A bulk run on the page: start it, drive its pending repositories with
// bulkStep (a few in flight), retry the failed ones, resume after consent.
import { useCallback, useRef, useState } from 'react';
import type { BulkItem, BulkRun, WorkspacePayloadOf } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';
import { call } from '../workspace-call';
import { countBulkItems } from '@app/api/workspace-contract';
import { driveBulk } from './bulk-driver';

export function useBulkRun(initial: BulkRun | null, concurrency: number, onProgress?: () => void) {
  const [run, setRun] = useState<BulkRun | null>(initial);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<UseCaseError | null>(null);
  const [needsConsent, setNeedsConsent] = useState<UseCaseError | null>(null);
  const stopped = useRef(false);
  const progress = useRef(onProgress);
  progress.current = onProgress;

  const update = useCallback((item: BulkItem) => {
    setRun((current) => {
      if (!current) return current;
      const items = current.items.map((i) => (i.repositoryUuid === item.repositoryUuid ? item : i));
      const counts = countBulkItems(items);
      return { ...current, items, counts, finished: counts.pending === 0 };
    });
  }, []);

  const drive = useCallback(
    async (target: BulkRun, allowAccess = false) => {
      setRunning(true);
      setNeedsConsent(null);
      stopped.current = false;
      const pending = target.items.filter((i) => i.state === 'pending');
      const outcome = await driveBulk(pending, {
        step: (repositoryUuid, allow) => call('bulkStep', { runId: target.runId, repositoryUuid, ...(allow ? { allowAccess: true } : {}) }),
        concurrency,
        onItem: update,
        isStopped: () => stopped.current,
        allowAccess,
      });
      setRunning(false);
      if (outcome.kind === 'needs-authentication') setNeedsConsent(outcome.error);
      progress.current?.();
    },
    [concurrency, update],
  );

  const start = useCallback(
    async (payload: WorkspacePayloadOf<'startBulk'>) => {
      setError(null);
      const result = await call('startBulk', payload);
      if (!result.ok) return setError(result.error);
      setRun(result.data);
      await drive(result.data);
    },
    [drive],
  );

  const retryFailed = useCallback(async () => {
    if (!run) return;
    setError(null);
    const result = await call('retryFailed', { runId: run.runId });
    if (!result.ok) return setError(result.error);
    setRun(result.data);
    await drive(result.data);
  }, [run, drive]);

  const resume = useCallback(
    async (allowAccess = false) => {
      if (run) await drive(run, allowAccess);
    },
    [run, drive],
  );

  const stop = useCallback(() => {
    stopped.current = true;
  }, []);

  return { run, running, error, needsConsent, start, retryFailed, resume, stop };
}
