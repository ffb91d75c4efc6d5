// POST /__preview/pull-requests/{id}/merge: the Merge button of the simulated
// pull requests page. Merging makes the destination branch's tree the source
// branch's (so the main branch's file becomes the branch's file) and the pull
// request MERGED; then back to the list.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from '../simulator';
import type { PreviewRepository } from '../forge-runtime/forge-context';
import { send } from '../http-helpers';

const MERGE_PATH = /^\/__preview\/pull-requests\/(\d{1,9})\/merge$/;

export async function answerMerge(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  state: SimulatorState,
  repository: PreviewRepository,
  sameOrigin: (req: IncomingMessage) => boolean,
): Promise<boolean> {
  const id = MERGE_PATH.exec(path)?.[1];
  if (id === undefined) return false;
  if (req.method !== 'POST') {
    send(res, 405, 'text/plain; charset=utf-8', 'Merge with POST.');
    return true;
  }
  if (!sameOrigin(req)) {
    send(res, 403, 'text/plain; charset=utf-8', 'Cross-site merges are refused.');
    return true;
  }
  const repo = state.findRepository(repository.workspace.uuid, repository.repository.uuid);
  try {
    if (!repo) throw new Error('The simulated repository is gone.');
    state.mergePullRequest(repo, Number(id));
  } catch (error) {
    send(res, 409, 'text/plain; charset=utf-8', error instanceof Error ? error.message : String(error));
    return true;
  }
  res.writeHead(303, { Location: `/__preview/pull-requests#pr-${id}`, 'cache-control': 'no-store' });
  res.end();
  return true;
}
