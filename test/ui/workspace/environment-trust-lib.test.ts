// The page's environment-trust helpers without React: names grouped by the
// core's rule with counts the Terraform keeps, and the batch reader's bounds.
import { describe, expect, it } from 'vitest';
import type { RepositoryEnvironments } from '../../../src/api/workspace-contract';
import { generateWorkspaceTerraform } from '../../../src/core/workspace';
import {
  environmentOptions,
  optionFor,
  readInBatches,
  terraformRepositories,
  withoutEnvironment,
} from '../../../static/workspace/src/lib/environment-trust';
import { inventoryRow, WORKSPACE } from './fixtures';

const rows = [1, 2, 3, 4].map((i) => inventoryRow(i));
const env = (i: number, name: string) => ({ uuid: `{${i.toString(16).padStart(8, '0')}-e000-4000-8000-000000000001}`, name });

function reads(): Map<string, RepositoryEnvironments> {
  const [a, b, c, d] = rows as [typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0]];
  return new Map<string, RepositoryEnvironments>([
    [a.repositoryUuid, { repositoryUuid: a.repositoryUuid, slug: a.slug, state: 'read', environments: [env(1, 'production')] }],
    [b.repositoryUuid, { repositoryUuid: b.repositoryUuid, slug: b.slug, state: 'read', environments: [env(2, ' Production ')] }],
    // Two that differ only in case: "Production" finds the exact one, "production" the other.
    [c.repositoryUuid, { repositoryUuid: c.repositoryUuid, slug: c.slug, state: 'read', environments: [env(3, 'Production'), env(33, 'PRODUCTION')] }],
    [d.repositoryUuid, { repositoryUuid: d.repositoryUuid, slug: d.slug, state: 'failed', error: { code: 'not-found', status: 404, message: 'Pipelines may not be enabled.' } }],
  ]);
}

describe('environment options', () => {
  it('groups spellings under the most common one and counts what the core finds', () => {
    const options = environmentOptions(rows, reads());
    expect(options).toEqual([{ name: 'Production', count: 3 }]);
    expect(optionFor(options, 'PRODUCTION ')).toEqual({ name: 'Production', count: 3 });
    expect(optionFor(options, 'Staging')).toBeUndefined();
  });

  it('lists the repositories that cannot trust a name, and the Terraform agrees', () => {
    const r = reads();
    expect(withoutEnvironment(rows, r, 'Production')).toEqual([{ slug: 'repo-004', reason: 'Pipelines may not be enabled.' }]);
    expect(withoutEnvironment(rows, r, 'Staging').map((m) => m.reason)).toEqual([
      'it has no environment named "Staging"',
      'it has no environment named "Staging"',
      'it has no environment named "Staging"',
      'Pipelines may not be enabled.',
    ]);
    const three = rows.slice(0, 3);
    const result = generateWorkspaceTerraform({
      workspace: WORKSPACE,
      repositories: terraformRepositories(three, r),
      choices: { shape: 'per-repository', organization: 'acme.dev', trust: { kind: 'environment', environmentName: 'Production' } },
    });
    expect(result.ok).toBe(true);
    const main = result.ok ? result.files.find((f) => f.path === 'main.tf')!.content : '';
    expect(main).toContain(env(3, '').uuid);
    expect(main).not.toContain(env(33, '').uuid);
    expect(terraformRepositories(rows, r)[3]!.environments).toBeUndefined();
  });
});

describe('readInBatches', () => {
  it('sends batches of the given size, a bounded number in flight, and fails a failed call per repository', async () => {
    const many = Array.from({ length: 70 }, (_, i) => inventoryRow(i + 1));
    const sizes: number[] = [];
    const seen: RepositoryEnvironments[] = [];
    let inFlight = 0;
    let max = 0;
    await readInBatches(many, {
      batchSize: 25,
      inFlight: 2,
      isStopped: () => false,
      onResults: (results) => seen.push(...results),
      read: async (uuids) => {
        sizes.push(uuids.length);
        inFlight++;
        max = Math.max(max, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (uuids.length === 20) return { ok: false, error: { code: 'bitbucket-unavailable', message: 'Try again in a minute.' } };
        return { ok: true, data: { repositories: uuids.map((u) => ({ repositoryUuid: u, slug: 's', state: 'read' as const, environments: [] })) } };
      },
    });
    expect(sizes.sort()).toEqual([20, 25, 25]);
    expect(max).toBe(2);
    expect(seen).toHaveLength(70);
    expect(seen.filter((s) => s.state === 'failed').map((s) => s.slug)).toEqual(many.slice(50).map((r) => r.slug));
  });
});
