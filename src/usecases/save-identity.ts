// Stores the Chainguard identity ID as the repository variable
// CHAINGUARD_IDENTITY (not secured: it is an identifier, not a secret, and the
// admin should be able to read it back). Create or update; when someone else
// creates it between our read and our write (409), update theirs.
import { BitbucketError, type BitbucketClient, type PipelineVariable } from '../bitbucket';
import { validateIdentityId } from '../core/validation';
import { guard } from './errors';
import { IDENTITY_VARIABLE, type RepoIds, type SaveIdentityData, type UseCaseResult } from './types';

export interface SaveIdentityDeps {
  read: BitbucketClient;
  write: BitbucketClient;
}

export async function saveIdentity(deps: SaveIdentityDeps, ids: RepoIds, identityId: string): Promise<UseCaseResult<SaveIdentityData>> {
  const problem = validateIdentityId(identityId);
  if (problem) {
    return { ok: false, error: { code: 'invalid-input', message: problem.message, fields: [problem] } };
  }
  const value = identityId.trim();
  const input = { key: IDENTITY_VARIABLE, value, secured: false };
  return guard<SaveIdentityData>(async () => {
    const existing = await findVariable(deps.read, ids);
    if (existing) {
      await deps.write.updateVariable(ids, existing.uuid, input);
      return { ok: true, data: { key: IDENTITY_VARIABLE, value, created: false } };
    }
    try {
      await deps.write.createVariable(ids, input);
      return { ok: true, data: { key: IDENTITY_VARIABLE, value, created: true } };
    } catch (error) {
      if (!(error instanceof BitbucketError && error.code === 'conflict')) throw error;
    }
    // Created meanwhile by someone else: it exists now, so update it.
    const raced = await findVariable(deps.read, ids);
    if (!raced) {
      return {
        ok: false,
        error: {
          code: 'conflict',
          message: `Bitbucket says ${IDENTITY_VARIABLE} already exists but does not list it. Reload the page and save again.`,
          status: 409,
        },
      };
    }
    await deps.write.updateVariable(ids, raced.uuid, input);
    return { ok: true, data: { key: IDENTITY_VARIABLE, value, created: false } };
  });
}

async function findVariable(client: BitbucketClient, ids: RepoIds): Promise<PipelineVariable | undefined> {
  const variables = await client.listVariables(ids);
  return variables.find((v) => v.key === IDENTITY_VARIABLE);
}
