// Starting and following one check run from the page. A union state, a timer
// chain (never two readCheck calls in flight, at most one every 2 s), and an
// end: passed, failed, stopped, given up after 15 minutes, or an error.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckRunView, CheckStatus, LastCheckData } from '@app/usecases/check-types';
import { call } from '../../bridge-call';
import { FOLLOW_FOR_MS, pollDelayMs } from './poll-schedule';

export type CheckRunState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'following'; run: CheckRunView }
  | { kind: 'done'; status: CheckStatus }
  | { kind: 'refused'; reason: string; advice: string }
  | { kind: 'gave-up'; run: CheckRunView }
  | { kind: 'error'; message: string };

export interface CheckRun {
  state: CheckRunState;
  last: LastCheckData | null;
  start(): void;
}

export function useCheckRun(options: { schedule?: (attempt: number) => number; followForMs?: number } = {}): CheckRun {
  const schedule = options.schedule ?? pollDelayMs;
  const followFor = options.followForMs ?? FOLLOW_FOR_MS;
  const [state, setState] = useState<CheckRunState>({ kind: 'idle' });
  const [last, setLast] = useState<LastCheckData | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    // After the first paint: the last run is a nicety, not part of the page load.
    void call('lastCheck', {}).then((answer) => {
      if (alive.current && answer.ok) setLast(answer.data);
    });
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const follow = useCallback(
    (run: CheckRunView, attempt: number, startedAt: number) => {
      timer.current = setTimeout(async () => {
        if (!alive.current) return;
        if (Date.now() - startedAt > followFor) {
          setState({ kind: 'gave-up', run });
          return;
        }
        const answer = await call('readCheck', { pipelineUuid: run.pipelineUuid });
        if (!alive.current) return;
        if (!answer.ok) {
          setState({ kind: 'error', message: answer.error.message });
          return;
        }
        const { run: now } = answer.data;
        if (now.phase === 'queued' || now.phase === 'running') {
          setState({ kind: 'following', run: now });
          follow(now, attempt + 1, startedAt);
          return;
        }
        setState({ kind: 'done', status: answer.data });
        setLast({ run: now });
      }, schedule(attempt));
    },
    [schedule, followFor],
  );

  const start = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    setState({ kind: 'starting' });
    void call('startCheck', {}).then((answer) => {
      if (!alive.current) return;
      if (!answer.ok) {
        setState({ kind: 'error', message: answer.error.message });
        return;
      }
      const data = answer.data;
      if (data.outcome === 'refused') {
        setState({ kind: 'refused', reason: data.reason, advice: data.advice });
        return;
      }
      setState({ kind: 'following', run: data.run });
      follow(data.run, 0, Date.now());
    });
  }, [follow]);

  return { state, last, start };
}
