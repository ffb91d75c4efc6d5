// Shared vocabulary of the pure core. Other layers (use cases, resolvers, UI)
// import these types; names here are a contract, so extend rather than rename.

/** What Bitbucket says about a repository (all UUIDs braced, as Bitbucket gives them). */
export interface RepositoryFacts {
  workspace: { slug: string; uuid: string };
  repository: { slug: string; uuid: string; mainBranch: string };
  /** Deployment environments; may be empty. */
  environments: { uuid: string; name: string }[];
}

/** Who may assume the identity. */
export type Trust =
  | { kind: 'branch'; branch: string }
  | { kind: 'environment'; environmentUuid: string }
  | { kind: 'repository' };

/** What the admin chooses. */
export interface IdentityChoices {
  /** Chainguard organization name, e.g. "example.com". */
  organization: string;
  /** Default derived from the repository slug. */
  identityName?: string;
  /** Default "registry.pull". */
  role?: string;
  /** Default: the main branch. */
  trust?: Trust;
  /** One line, at most 512 characters. Default derived from the repository. */
  description?: string;
  /** When set, the pipeline also pulls this image (`cgr.dev/<organization>/<name>:<tag>`). */
  image?: { name: string; tag: string };
  /** chainctl release the pipeline installs, e.g. "0.2.313". Default "latest". */
  chainctlVersion?: string;
}

export interface FieldError {
  /** Name of the IdentityChoices field (dotted for nested ones, e.g. "trust.branch"). */
  field: string;
  message: string;
}

export interface GeneratedFile {
  path: string;
  content: string;
}

export type TerraformResult =
  | { ok: true; files: GeneratedFile[] }
  | { ok: false; errors: FieldError[] };

/** The values of Bitbucket's "Repository settings → OpenID Connect" page. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  workspaceSlug: string;
  /** Braced, as Bitbucket's settings page shows it. */
  workspaceUuid: string;
  repositorySlug: string;
  /** Braced. */
  repositoryUuid: string;
  environments: { uuid: string; name: string }[];
}

/** Chainguard `claim_match` of the generated identity (the same values go into HCL). */
export interface ClaimMatch {
  issuer: string;
  audience: string;
  subjectPattern: string;
  claims: Record<string, string>;
  claimPatterns: Record<string, string>;
}

/** The claims of a Bitbucket step token that matter for trust. */
export interface StepToken {
  iss: string;
  aud: string | string[];
  sub: string;
  branchName?: string;
  repositoryUuid?: string;
  workspaceUuid?: string;
  deploymentEnvironmentUuid?: string;
  stepUuid?: string;
  [claim: string]: unknown;
}

export interface TokenVerdict {
  accepted: boolean;
  /** Plain words: which claim failed, or why it is accepted. */
  reason: string;
}

/** When a pipeline runs. */
export type Trigger =
  | { kind: 'default' }
  | { kind: 'branch'; pattern: string }
  | { kind: 'pull-request'; pattern: string }
  | { kind: 'tag'; pattern: string }
  | { kind: 'custom'; name: string };

/** One step of a bitbucket-pipelines.yml, located in the parsed tree. */
export interface StepRef {
  /** Stable id for selection, e.g. "branches.main/0" (derived from `path`). */
  id: string;
  /** Path from the document root to the `step` mapping, e.g. ["pipelines","branches","main",0,"step"]. */
  path: (string | number)[];
  /** The step's `name:` if it has one. */
  name?: string;
  trigger: Trigger;
  /** 1-based line of the step in the file. */
  line: number;
  /** True when the step already mentions cgr.dev (a good candidate for OIDC). Set by listSteps. */
  suggested?: boolean;
  /** True when the step has `trigger: manual`: it runs only when someone starts it. Set by listSteps. */
  manual?: boolean;
}

export interface PipelineSelection {
  /** Ids (StepRef.id) of existing steps to receive `oidc: true` and the login lines. */
  steps: string[];
  /** Add the manual `custom: chainguard-oidc` pipeline. Default true. */
  addCustomPipeline?: boolean;
}

export interface PipelineChanges {
  /** True when there was no bitbucket-pipelines.yml and one is created. */
  createdFile: boolean;
  /**
   * True when the whole file is the app's: created, or written into an empty
   * file. Its steps are then new ones, not existing steps that were edited.
   */
  wholeFile?: boolean;
  /** Name of the custom pipeline added, if any. */
  addedCustomPipeline: string | null;
  /** Steps that got `oidc: true` (and the login lines). */
  oidcAddedTo: StepRef[];
  /** Steps that already had `oidc: true` and were left alone. */
  alreadyOidc: StepRef[];
  /** Edits made inside an anchored node: every alias that therefore changes too. */
  reachedThroughAliases: { anchor: string; definedAt: StepRef; alsoChanges: StepRef[] }[];
}

/** A bitbucket-pipelines.yml outside one of the stated limits (core/pipeline/limits.ts). */
export type PipelineLimitCode =
  | 'file-too-large'
  | 'too-many-nodes'
  | 'too-many-aliases'
  | 'nests-too-deeply'
  | 'alias-expansion-too-large'
  | 'pattern-too-long';

export type PlanErrorCode =
  | 'invalid-choices'
  | 'yaml-parse-error'
  | PipelineLimitCode
  | 'no-pipelines-root'
  | 'unknown-step'
  | 'unsafe-edit'
  | 'unsupported-structure'
  /** A selected step runs where the identity would refuse its token (e.g. no `deployment:` for environment trust). */
  | 'step-not-trusted';

export type PlanResult =
  | { ok: true; content: string; changes: PipelineChanges; warnings: string[]; unchanged: boolean }
  | { ok: false; error: { code: PlanErrorCode; message: string } };

/** One `oidc: true` step, and whether the generated identity accepts its token. */
export interface TrustFinding {
  step: StepRef;
  /** verdict !== 'refused'. */
  accepted: boolean;
  /** accepted: every run's token is accepted; partly: only some runs (e.g. only on main); refused: none. */
  verdict: 'accepted' | 'partly' | 'refused';
  /** e.g. "accepted: runs on branch main, which the identity trusts". */
  reason: string;
}

/** IdentityChoices after validation, every default filled (see core/validation.ts). */
export interface ResolvedChoices {
  organization: string;
  identityName: string;
  role: string;
  /** Branch trust holds the branch as given; environment trust holds a braced lowercase UUID. */
  trust: Trust;
  /** One line, at most 512 characters. */
  description: string;
  /** Null when no image pull is wanted. */
  image: { name: string; tag: string } | null;
  /** "latest" or a release number such as 0.2.313 (no leading "v"). */
  chainctlVersion: string;
}
