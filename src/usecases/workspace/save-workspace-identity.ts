// The single-identity shape's one ID, as the workspace variable
// CHAINGUARD_IDENTITY (a repository variable of the same name overrides it).
// Left alone when it already holds the value, and never created twice: a 409
// means someone created it between our look and our write, so theirs is updated.
import { BitbucketError, type BitbucketClient } from '../../bitbucket';
import { guard } from '../errors';
import { IDENTITY_VARIABLE, type UseCaseResult } from '../types';

export type WorkspaceIdentityOutcome = 'created' | 'updated' | 'unchanged';

export async function saveWorkspaceIdentity(
  deps: { read: BitbucketClient; write: BitbucketClient },
  workspaceUuid: string,
  identityId: string,
): Promise<UseCaseResult<{ outcome: WorkspaceIdentityOutcome }>> {
  const input = { key: IDENTITY_VARIABLE, value: identityId.trim(), secured: false };
  const find = () => deps.read.findWorkspaceVariable(workspaceUuid, IDENTITY_VARIABLE);
  return guard<{ outcome: WorkspaceIdentityOutcome }>(async () => {
    const existing = await find();
    if (existing && !existing.secured && existing.value === input.value) return { ok: true, data: { outcome: 'unchanged' } };
    if (existing) {
      await deps.write.updateWorkspaceVariable(workspaceUuid, existing.uuid, input);
      return { ok: true, data: { outcome: 'updated' } };
    }
    try {
      await deps.write.createWorkspaceVariable(workspaceUuid, input);
      return { ok: true, data: { outcome: 'created' } };
    } catch (error) {
      if (!(error instanceof BitbucketError && error.code === 'conflict')) throw error;
      const theirs = await find();
      if (!theirs) throw error;
      await deps.write.updateWorkspaceVariable(workspaceUuid, theirs.uuid, input);
      return { ok: true, data: { outcome: 'updated' } };
    }
  });
}
