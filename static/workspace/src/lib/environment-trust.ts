// Environment trust on the workspace page, without React: which environment
// names the selected repositories have (with counts, for the select), which
// repositories lack the chosen one and why (the core's reason, or why their
// environments could not be read), and the repositories as the Terraform
// generator takes them. Names are matched by the core's one rule
// (src/core/environment-name.ts), the same rule the Terraform and the bulk
// pull requests apply, so a count here is a promise the Terraform keeps.
import type { InventoryRow, RepositoryEnvironments, ResolverResult } from '@app/api/workspace-contract';
import { environmentNameKey, findEnvironment } from '@app/core/environment-name';
import type { WorkspaceRepository } from '@app/core/workspace';
import type { UseCaseError } from '@app/usecases/types';

export type EnvironmentsByRepository = ReadonlyMap<string, RepositoryEnvironments>;

export interface EnvironmentOption {
  /** The name as most of the selected repositories spell it (trimmed). */
  name: string;
  /** Read repositories where this name finds exactly one environment. */
  count: number;
}

/** Every environment name of the read repositories, grouped by the core's key, most common first. */
export function environmentOptions(rows: readonly InventoryRow[], reads: EnvironmentsByRepository): EnvironmentOption[] {
  const spellings = new Map<string, Map<string, number>>();
  const readOnes: RepositoryEnvironments[] = [];
  for (const row of rows) {
    const read = reads.get(row.repositoryUuid);
    if (read?.state !== 'read') continue;
    readOnes.push(read);
    for (const e of read.environments) {
      const name = e.name.trim();
      if (name === '') continue;
      const group = spellings.get(environmentNameKey(name)) ?? new Map<string, number>();
      group.set(name, (group.get(name) ?? 0) + 1);
      spellings.set(environmentNameKey(name), group);
    }
  }
  const options: EnvironmentOption[] = [];
  for (const group of spellings.values()) {
    const [name] = [...group].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0] as [string, number];
    const count = readOnes.filter((r) => r.state === 'read' && findEnvironment(r.environments, name).ok).length;
    options.push({ name, count });
  }
  return options.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** "Production — 118 of 120 selected repositories"; while reading, "Production — 20 of 25 read so far". */
export function optionLabel(option: EnvironmentOption, selected: number, readSoFar?: number): string {
  if (readSoFar === 0) return `${option.name} — reading…`;
  if (readSoFar !== undefined) return `${option.name} — ${option.count} of ${readSoFar} read so far`;
  return `${option.name} — ${option.count} of ${selected} selected ${selected === 1 ? 'repository' : 'repositories'}`;
}

/** The option the chosen name stands for (by the core's key), if any. */
export function optionFor(options: readonly EnvironmentOption[], name: string): EnvironmentOption | undefined {
  const key = environmentNameKey(name);
  return options.find((o) => environmentNameKey(o.name) === key);
}

export interface MissingEnvironment {
  slug: string;
  reason: string;
}

/** Selected repositories that cannot trust `name`, each with why; repositories not read yet are left out. */
export function withoutEnvironment(rows: readonly InventoryRow[], reads: EnvironmentsByRepository, name: string): MissingEnvironment[] {
  const missing: MissingEnvironment[] = [];
  for (const row of rows) {
    const read = reads.get(row.repositoryUuid);
    if (read === undefined) continue;
    if (read.state === 'failed') {
      missing.push({ slug: row.slug, reason: read.error.message });
      continue;
    }
    const found = findEnvironment(read.environments, name);
    if (!found.ok) missing.push({ slug: row.slug, reason: found.reason });
  }
  return missing;
}

/** The selection as the Terraform generator takes it: environments where they were read, undefined elsewhere. */
export function terraformRepositories(rows: readonly InventoryRow[], reads?: EnvironmentsByRepository): WorkspaceRepository[] {
  return rows.map((r) => {
    const read = reads?.get(r.repositoryUuid);
    const repository: WorkspaceRepository = { slug: r.slug, uuid: r.repositoryUuid, mainBranch: r.mainBranch };
    if (read?.state === 'read') repository.environments = read.environments;
    return repository;
  });
}

export interface BatchReaderDeps {
  /** One readEnvironments call. */
  read(repositoryUuids: string[]): Promise<ResolverResult<{ repositories: RepositoryEnvironments[] }>>;
  batchSize: number;
  /** Calls in flight at once. */
  inFlight: number;
  onResults(results: RepositoryEnvironments[]): void;
  /** Checked before each call: true stops taking new batches. */
  isStopped(): boolean;
}

/** Reads `rows` in batches, a few calls at a time; a failed call fails each of its repositories with its reason. */
export async function readInBatches(rows: readonly Pick<InventoryRow, 'repositoryUuid' | 'slug'>[], deps: BatchReaderDeps): Promise<void> {
  const batches: (typeof rows)[number][][] = [];
  for (let i = 0; i < rows.length; i += deps.batchSize) batches.push(rows.slice(i, i + deps.batchSize));
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      if (deps.isStopped()) return;
      const result = await deps.read(batch.map((r) => r.repositoryUuid));
      deps.onResults(result.ok ? result.data.repositories : batch.map((r) => failedRead(r, result.error)));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.inFlight, batches.length)) }, worker));
}

function failedRead(row: Pick<InventoryRow, 'repositoryUuid' | 'slug'>, error: UseCaseError): RepositoryEnvironments {
  return { repositoryUuid: row.repositoryUuid, slug: row.slug, state: 'failed', error };
}
