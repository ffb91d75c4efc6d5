// Stores the Chainguard identity ID as the repository variable
// CHAINGUARD_IDENTITY (not secured: it is an identifier, not a secret, and the
// admin should be able to read it back). Create or update. Creating is never
// repeated blindly (a repeat could fail on the variable it just made), so when
// it fails we look again:
// - 409: someone else created it between our read and our write → update theirs;
// - no usable answer (5xx, dropped connection): it may exist all the same →
//   when it holds our value, it is saved; otherwise the error stands.
import { BitbucketError, type BitbucketClient, type PipelineVariable } from '../bitbucket';
import { validateIdentityId } from '../core/validation';
import { guard } from './errors';
import { IDENTITY_VARIABLE, type RepoIds, type SaveIdentityData, type UseCaseResult } from './types';

export interface SaveIdentityDeps {
  read: BitbucketClient;
  write: BitbucketClient;
}

type VariableInput = { key: typeof IDENTITY_VARIABLE; value: string; secured: false };

export async function saveIdentity(deps: SaveIdentityDeps, ids: RepoIds, identityId: string): Promise<UseCaseResult<SaveIdentityData>> {
  const problem = validateIdentityId(identityId);
  if (problem) {
    return { ok: false, error: { code: 'invalid-input', message: problem.message, fields: [problem] } };
  }
  const input: VariableInput = { key: IDENTITY_VARIABLE, value: identityId.trim(), secured: false };
  return guard<SaveIdentityData>(async () => {
    const existing = await findVariable(deps.read, ids);
    if (existing) {
      await deps.write.updateVariable(ids, existing.uuid, input);
      return saved(input, false);
    }
    try {
      await deps.write.createVariable(ids, input);
      return saved(input, true);
    } catch (error) {
      if (error instanceof BitbucketError && (error.code === 'conflict' || error.code === 'bitbucket-unavailable')) {
        return afterFailedCreate(deps, ids, input, error);
      }
      throw error;
    }
  });
}

/** Looks again after a create that failed with 409 or without a usable answer. */
async function afterFailedCreate(
  deps: SaveIdentityDeps,
  ids: RepoIds,
  input: VariableInput,
  failure: BitbucketError,
): Promise<UseCaseResult<SaveIdentityData>> {
  const found = await findVariable(deps.read, ids);
  if (failure.code === 'bitbucket-unavailable') {
    // Only our own lost create counts as success; anything else, the admin retries.
    if (found?.value === input.value) return saved(input, true);
    throw failure;
  }
  if (!found) {
    return {
      ok: false,
      error: {
        code: 'conflict',
        message: `Bitbucket says ${IDENTITY_VARIABLE} already exists but does not list it. Reload the page and save again.`,
        status: 409,
      },
    };
  }
  await deps.write.updateVariable(ids, found.uuid, input);
  return saved(input, false);
}

function saved(input: VariableInput, created: boolean): UseCaseResult<SaveIdentityData> {
  return { ok: true, data: { key: IDENTITY_VARIABLE, value: input.value, created } };
}

async function findVariable(client: BitbucketClient, ids: RepoIds): Promise<PipelineVariable | undefined> {
  const variables = await client.listVariables(ids);
  return variables.find((v) => v.key === IDENTITY_VARIABLE);
}
