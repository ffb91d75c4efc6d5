// Drives a bulk run from the page: one bulkStep per pending repository, as
// the admin, with a bounded number in flight (the contract's bulkConcurrency).
// The server keeps each outcome, so a closed page resumes from the run it
// stored, and a step repeated after a lost answer writes nothing twice.
import type { BulkItem, ResolverResult } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';

export interface BulkDriverDeps {
  /** One repository of the run; `allowAccess` lets Forge ask for consent. */
  step(repositoryUuid: string, allowAccess: boolean): Promise<ResolverResult<BulkItem>>;
  concurrency: number;
  /** Called with each repository's new state as soon as it is known. */
  onItem(item: BulkItem): void;
  /** Checked before each step: true stops taking new work (steps in flight finish). */
  isStopped(): boolean;
  /** Ask for consent on the first step (after the admin chose "Allow access"). */
  allowAccess?: boolean;
}

export type DriveOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped' }
  /** Bitbucket access must be allowed first; the remaining items stay pending. */
  | { kind: 'needs-authentication'; error: UseCaseError };

/** The row shown when the step itself could not be done (the server's state is unchanged: still pending). */
function unreachable(item: BulkItem, error: UseCaseError): BulkItem {
  return { ...item, state: 'failed', message: error.message, errorCode: error.code, attempts: item.attempts + 1, at: new Date().toISOString() };
}

export async function driveBulk(pending: readonly BulkItem[], deps: BulkDriverDeps): Promise<DriveOutcome> {
  const queue = [...pending];
  let consent: UseCaseError | null = null;
  let allowAccess = deps.allowAccess ?? false;
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      if (deps.isStopped() || consent) {
        queue.unshift(item);
        return;
      }
      const asking = allowAccess;
      allowAccess = false; // one consent prompt is enough for the whole run
      const result = await deps.step(item.repositoryUuid, asking);
      if (result.ok) deps.onItem(result.data);
      else if (result.error.code === 'needs-authentication') {
        consent ??= result.error;
        queue.unshift(item);
        return;
      } else deps.onItem(unreachable(item, result.error));
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (consent) return { kind: 'needs-authentication', error: consent };
  return queue.length > 0 ? { kind: 'stopped' } : { kind: 'finished' };
}
