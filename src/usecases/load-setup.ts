// Everything the settings page shows on load, in as few sequential round trips
// as Bitbucket allows:
//   round 1: repository ∥ environments ∥ pipelines_config ∥ open PR ∥ variables
//            (∥ main tip and file, when the caller remembers the main branch)
//   round 2: main tip ∥ file — only when the main branch was not known or moved.
// The file is read by branch name (one request instead of tip-then-file), which
// Bitbucket's /src route allows for names without "/". A push landing between
// those two parallel requests could pair the file with the previous tip; that
// only affects what the page previews, since openPullRequest re-reads and
// commits with `parents` pinned.
import { UndecodableFileError, type BitbucketClient, type Repository } from '../bitbucket';
import { oidcSettings } from '../core/oidc';
import { resolveChoices } from '../core/validation';
import { listSteps, trustReport } from '../core/pipeline';
import type { IdentityChoices, OidcSettings, RepositoryFacts } from '../core/types';
import { guard, isDegradable } from './errors';
import { readBranchFile, type BranchSnapshot } from './read-branch';
import {
  IDENTITY_VARIABLE,
  SETUP_BRANCH,
  type Degradable,
  type RepoIds,
  type SetupData,
  type UseCaseResult,
} from './types';

export interface LoadSetupDeps {
  read: BitbucketClient;
}

export interface LoadSetupHint {
  /** The main branch remembered from an earlier load: saves a round trip when still right. */
  mainBranch?: string;
  /** The admin's saved choices: the trust check of existing `oidc: true` steps uses them. */
  choices?: IdentityChoices;
}

/**
 * Trust verdicts depend on the trust choice, not the organization; before the
 * admin has chosen anything, judge against the default (main branch) trust.
 */
const PLACEHOLDER_CHOICES: IdentityChoices = { organization: 'example.com' };

export async function loadSetup(deps: LoadSetupDeps, ids: RepoIds, hint: LoadSetupHint = {}): Promise<UseCaseResult<SetupData>> {
  return guard<SetupData>(async () => {
    const client = deps.read;
    const guessed = hint.mainBranch;
    const [repository, environments, pipelinesEnabled, openPullRequest, identityVariable, guessedMain] = await Promise.all([
      client.getRepository(ids),
      degradable(
        () => client.listEnvironments(ids),
        'Deployment environments could not be read, so environment trust cannot be offered.',
      ),
      degradable(
        () => client.getPipelinesConfig(ids).then((c) => c.enabled),
        'Whether Pipelines is enabled could not be read (it needs repository admin permission).',
      ),
      degradable(
        () => client.findOpenPullRequests(ids, SETUP_BRANCH).then((prs) => prs[0] ?? null),
        'Open pull requests could not be read.',
      ),
      degradable(
        () => client.listVariables(ids).then((vs) => vs.find((v) => v.key === IDENTITY_VARIABLE)?.value ?? null),
        `The ${IDENTITY_VARIABLE} repository variable could not be read.`,
      ),
      guessed !== undefined ? readMainFile(client, ids, guessed) : Promise.resolve(null),
    ]);
    const mainBranch = repository.mainBranch;
    if (mainBranch === null) {
      return {
        ok: false,
        error: { code: 'not-found', message: 'This repository is empty: it has no main branch yet. Push a first commit, then reload this page.' },
      };
    }
    const main = guessed === mainBranch && guessedMain?.tip ? guessedMain : await readMainFile(client, ids, mainBranch);
    if (main.tip === null) {
      return {
        ok: false,
        error: { code: 'not-found', message: `The main branch "${mainBranch}" has no commits that Bitbucket could read. Reload the page; if it persists, check the repository's main branch setting.` },
      };
    }
    const facts = factsOf(repository, mainBranch, environments.available ? environments.value : []);
    const oidc = settingsOrNull(facts);
    if (!oidc) {
      return {
        ok: false,
        error: { code: 'internal', message: 'Bitbucket returned repository identifiers in an unexpected form, so the OIDC values cannot be shown. Reload the page; if it persists, please report it.' },
      };
    }
    const listed = main.file === null ? null : listSteps(main.file);
    return {
      ok: true,
      data: {
        facts,
        oidc,
        mainBranchCommit: main.tip,
        pipelineFile: main.file,
        steps: listed?.ok ? listed.steps : [],
        oidcSteps: main.file === null ? [] : trustReport(main.file, facts, choicesToJudgeBy(facts, hint.choices)),
        pipelinesEnabled,
        openPullRequest,
        identityVariable,
        ...(main.problem ? { pipelineFileProblem: main.problem } : listed && !listed.ok ? { pipelineFileProblem: listed.error.message } : {}),
        ...(environments.available ? {} : { environmentsUnavailable: environments.reason }),
      },
    };
  });
}

/**
 * Only the saved trust matters to the verdicts, so it is judged on its own: a
 * saved draft with, say, an organization still being typed keeps its trust.
 * A trust that no longer fits the repository (its environment was deleted)
 * falls back to the default; the core judges nothing against invalid choices,
 * and an empty list would read as "no step has oidc: true".
 */
function choicesToJudgeBy(facts: RepositoryFacts, saved: IdentityChoices | undefined): IdentityChoices {
  if (!saved?.trust) return PLACEHOLDER_CHOICES;
  const withSavedTrust: IdentityChoices = { ...PLACEHOLDER_CHOICES, trust: saved.trust };
  return resolveChoices(facts, withSavedTrust).ok ? withSavedTrust : PLACEHOLDER_CHOICES;
}

/**
 * The main branch's tip and file. A file that is not UTF-8 degrades only the
 * pipeline section (as `problem`, with no file): the repository, the Terraform
 * and the identity ID do not depend on it.
 */
async function readMainFile(client: BitbucketClient, ids: RepoIds, branch: string): Promise<BranchSnapshot & { problem?: string }> {
  try {
    return await readBranchFile(client, ids, branch);
  } catch (error) {
    if (!(error instanceof UndecodableFileError)) throw error;
    const tip = await client.getBranch(ids, branch);
    return { tip: tip?.commit ?? null, file: null, problem: error.message };
  }
}

/** 403/404 degrade the field (with Bitbucket's words); anything else fails the page. */
async function degradable<T>(read: () => Promise<T>, what: string): Promise<Degradable<T>> {
  try {
    return { available: true, value: await read() };
  } catch (error) {
    if (isDegradable(error)) return { available: false, reason: `${what} ${error.message}` };
    throw error;
  }
}

export function factsOf(repository: Repository, mainBranch: string, environments: { uuid: string; name: string }[]): RepositoryFacts {
  return {
    workspace: { slug: repository.workspace.slug, uuid: repository.workspace.uuid },
    repository: { slug: repository.slug, uuid: repository.uuid, mainBranch },
    environments: environments.map((e) => ({ uuid: e.uuid, name: e.name })),
  };
}

function settingsOrNull(facts: RepositoryFacts): OidcSettings | null {
  try {
    return oidcSettings(facts);
  } catch {
    return null;
  }
}

