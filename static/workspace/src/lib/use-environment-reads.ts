// Reads the deployment environments of the selected repositories while
// environment trust is chosen: only repositories not read yet (or whose row
// changed since), in batches of the contract's limit, a few calls in flight.
// What was read is kept while the page is open, so changing the selection or
// the trust back and forth reads nothing twice; "Read again" forgets it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { WORKSPACE_LIMITS, type InventoryRow, type RepositoryEnvironments } from '@app/api/workspace-contract';
import { call } from '../workspace-call';
import { readInBatches, type EnvironmentsByRepository } from './environment-trust';

/** readEnvironments calls in flight: 3 × 25 repositories, far below the bridge's 500 calls per 25 s. */
export const ENVIRONMENT_CALLS_IN_FLIGHT = 3;

interface Stored {
  updatedOn: string;
  result: RepositoryEnvironments;
}

export interface EnvironmentReads {
  /** Environment trust is chosen (reading happens only then). */
  active: boolean;
  /** The selected repositories. */
  rows: readonly InventoryRow[];
  /** Of the selected repositories: read or failed. */
  done: number;
  /** True while some selected repository is still being read. */
  reading: boolean;
  /** Results of the selected repositories, by repository UUID. */
  byRepository: EnvironmentsByRepository;
  /** Forgets what was read (only the failures, or all) for the selected repositories, and reads again. */
  readAgain(which: 'failed' | 'all'): void;
}

export function useEnvironmentReads(rows: readonly InventoryRow[], active: boolean): EnvironmentReads {
  const [stored, setStored] = useState<ReadonlyMap<string, Stored>>(new Map());
  const inFlight = useRef(new Set<string>());
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const current = useCallback((row: InventoryRow, map: ReadonlyMap<string, Stored>) => {
    const s = map.get(row.repositoryUuid);
    return s !== undefined && s.updatedOn === row.updatedOn ? s.result : undefined;
  }, []);

  useEffect(() => {
    if (!active) return;
    const todo = rows.filter((r) => current(r, stored) === undefined && !inFlight.current.has(r.repositoryUuid));
    if (todo.length === 0) return;
    for (const r of todo) inFlight.current.add(r.repositoryUuid);
    const updatedOn = new Map(todo.map((r) => [r.repositoryUuid, r.updatedOn]));
    void readInBatches(todo, {
      read: (repositoryUuids) => call('readEnvironments', { repositoryUuids }),
      batchSize: WORKSPACE_LIMITS.maxEnvironmentRepositories,
      inFlight: ENVIRONMENT_CALLS_IN_FLIGHT,
      isStopped: () => !mounted.current,
      onResults: (results) => {
        for (const r of results) inFlight.current.delete(r.repositoryUuid);
        if (!mounted.current) return;
        setStored((before) => {
          const next = new Map(before);
          for (const r of results) next.set(r.repositoryUuid, { updatedOn: updatedOn.get(r.repositoryUuid) ?? '', result: r });
          return next;
        });
      },
    }).finally(() => {
      // A batch that never ran (page closed) must not stay "in flight".
      for (const r of todo) inFlight.current.delete(r.repositoryUuid);
    });
  }, [active, rows, stored, current]);

  const byRepository = useMemo(() => {
    const map = new Map<string, RepositoryEnvironments>();
    for (const row of rows) {
      const result = current(row, stored);
      if (result) map.set(row.repositoryUuid, result);
    }
    return map;
  }, [rows, stored, current]);

  const readAgain = useCallback(
    (which: 'failed' | 'all') => {
      setStored((before) => {
        const next = new Map(before);
        for (const row of rows) {
          const s = next.get(row.repositoryUuid);
          if (s && (which === 'all' || s.result.state === 'failed')) next.delete(row.repositoryUuid);
        }
        return next;
      });
    },
    [rows],
  );

  return { active, rows, done: byRepository.size, reading: active && byRepository.size < rows.length, byRepository, readAgain };
}
