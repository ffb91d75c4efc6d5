// Realistic loadPage answers for the page tests, built by the core from real
// facts and a real pipeline file (never hand-written Terraform or findings).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadPageData, SavedChoices } from '../../src/api/contract';
import { oidcSettings } from '../../src/core/oidc';
import { listSteps, trustReport } from '../../src/core/pipeline';
import type { IdentityChoices, PipelineSelection, RepositoryFacts } from '../../src/core/types';
import type { PullRequestRef, SetupData } from '../../src/usecases/types';

export const facts: RepositoryFacts = {
  workspace: { slug: 'acme', uuid: '{6d3c1c5e-8f3a-4b7e-9a41-2f6a0d5b7c11}' },
  repository: { slug: 'web-app', uuid: '{0b7e4a92-3c1d-4e5f-8a6b-9c0d1e2f3a4b}', mainBranch: 'main' },
  environments: [
    { uuid: '{a1b2c3d4-e5f6-4789-8abc-def012345678}', name: 'Test' },
    { uuid: '{b2c3d4e5-f6a7-4890-9bcd-ef0123456789}', name: 'Production' },
  ],
};

/** A real repository's file (corpus 07): main-branch steps, one already with oidc: true. */
export function corpusFile(name = '07-ausmartway-bitbucket-pipeline-oidc-with-vault.yml'): string {
  return readFileSync(path.resolve(process.cwd(), '../shared/corpus', name), 'utf8');
}

export const openPullRequest: PullRequestRef = {
  id: 3,
  title: 'Chainguard OIDC for Bitbucket Pipelines',
  url: 'https://bitbucket.org/acme/web-app/pull-requests/3',
  sourceBranch: 'chainguard-oidc-setup',
  sourceCommit: 'a'.repeat(40),
  state: 'OPEN',
};

export interface PageOptions {
  pipelineFile?: string | null;
  saved?: IdentityChoices | null;
  /** The saved step selection (with saved choices). */
  selection?: PipelineSelection;
  pipelinesEnabled?: SetupData['pipelinesEnabled'];
  openPullRequest?: PullRequestRef | null;
  identityVariable?: string | null;
  /** Environments could not be read: the fixture then has none, with this reason. */
  environmentsUnavailable?: string;
}

export function loadPageData(options: PageOptions = {}): LoadPageData {
  const pipelineFile = options.pipelineFile === undefined ? corpusFile() : options.pipelineFile;
  const listed = pipelineFile === null ? null : listSteps(pipelineFile);
  const judgeWith: IdentityChoices = options.saved ?? { organization: 'acme.dev' };
  const setupFacts = options.environmentsUnavailable ? { ...facts, environments: [] } : facts;
  const setup: SetupData = {
    facts: setupFacts,
    oidc: oidcSettings(setupFacts),
    mainBranchCommit: 'c'.repeat(40),
    pipelineFile,
    steps: listed?.ok ? listed.steps : [],
    ...(listed && !listed.ok ? { pipelineFileProblem: listed.error.message } : {}),
    oidcSteps: pipelineFile === null ? [] : trustReport(pipelineFile, setupFacts, judgeWith),
    pipelinesEnabled: options.pipelinesEnabled ?? { available: true, value: true },
    openPullRequest: { available: true, value: options.openPullRequest ?? null },
    identityVariable: { available: true, value: options.identityVariable ?? null },
    ...(options.environmentsUnavailable ? { environmentsUnavailable: options.environmentsUnavailable } : {}),
  };
  const saved: SavedChoices | null = options.saved
    ? { choices: options.saved, ...(options.selection ? { selection: options.selection } : {}), savedAt: '2026-11-25T22:00:00.000Z' }
    : null;
  return { setup, saved };
}
