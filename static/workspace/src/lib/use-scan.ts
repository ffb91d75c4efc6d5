// The scan's state on the page: start, cancel, and polling while it runs,
// with an interval that grows (1 s, 1.5 s, … up to 10 s) and stops at an end
// state. The bridge allows 500 resolver calls per 25 s; this stays far under.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanKind, ScanPhase, ScanStatusData } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';
import { call } from '../workspace-call';

const RUNNING: readonly ScanPhase[] = ['queued', 'listing', 'reading', 'waiting'];

export function isRunning(status: ScanStatusData): boolean {
  return status.scan !== null && RUNNING.includes(status.scan.phase);
}

export interface PollTiming {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_POLL: PollTiming = { firstMs: 1000, maxMs: 10_000 };

export function useScan(initial: ScanStatusData, onFinished: () => void, timing: PollTiming = DEFAULT_POLL) {
  const [status, setStatus] = useState(initial);
  const [error, setError] = useState<UseCaseError | null>(null);
  const [busy, setBusy] = useState(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const running = isRunning(status);

  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    let delay = timing.firstMs;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const result = await call('scanStatus', {});
      if (cancelled) return;
      if (!result.ok) {
        setError(result.error);
      } else {
        setError(null);
        setStatus(result.data);
        if (!isRunning(result.data)) {
          finished.current();
          return;
        }
      }
      delay = Math.min(timing.maxMs, Math.round(delay * 1.5));
      timer = setTimeout(() => void poll(), delay);
    };
    timer = setTimeout(() => void poll(), delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [running, timing.firstMs, timing.maxMs]);

  const start = useCallback(async (kind: ScanKind) => {
    setBusy(true);
    const result = await call('startScan', { kind });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setStatus((previous) => ({ ...previous, scan: result.data }));
  }, []);

  const cancel = useCallback(async () => {
    setBusy(true);
    const result = await call('cancelScan', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setStatus(result.data);
  }, []);

  return { status, error, busy, running, start, cancel };
}
