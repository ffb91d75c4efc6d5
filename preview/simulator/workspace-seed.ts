// A deterministic workspace of many repositories with the variety real
// workspaces have, for the workspace page's preview scene, its integration
// tests and the benchmark. Repository i always gets the same shape, so counts
// in tests are exact.
import { workspaceVariables } from './handlers/workspace';
import { recordFinishedRun } from './pipeline-runner';
import { bracedUuid, type SimRepository, type SimulatorState, type SimWorkspace } from './state';

export const WORKSPACE_SCENE_SLUG = 'acme';

export const PROJECTS = [
  { key: 'PLAT', name: 'Platform' },
  { key: 'WEB', name: 'Web' },
  { key: 'DATA', name: 'Data' },
  { key: 'OPS', name: 'Operations' },
  { key: 'MOB', name: 'Mobile' },
] as const;

/** What repository i looks like: i % 10 picks the shape. */
export type RepositoryShape =
  | 'no-file'
  | 'plain'
  | 'plain-cgr'
  | 'anchors'
  | 'deployments'
  | 'already-oidc'
  | 'unparsable'
  | 'pipelines-off'
  | 'branches'
  | 'empty';

/** Already using OIDC with CHAINGUARD_IDENTITY set and the check pipeline in the file. */
export function isSetUp(index: number): boolean {
  return shapeOf(index) === 'already-oidc' && index % 20 === 5;
}

/** When the seeded check runs finished. */
const CHECKED_AT = Date.parse('2026-01-04T15:00:00Z');

export function shapeOf(index: number): RepositoryShape {
  if (index % 50 === 49) return 'empty';
  const shapes: RepositoryShape[] = [
    'no-file',
    'plain',
    'plain-cgr',
    'anchors',
    'deployments',
    'already-oidc',
    'unparsable',
    'pipelines-off',
    'branches',
    'plain-cgr',
  ];
  return shapes[index % 10] as RepositoryShape;
}

const PLAIN = (i: number) => `image: node:20

pipelines:
  default:
    - step:
        name: Build ${i}
        script:
          - npm ci
          - npm test
`;

const PLAIN_CGR = (i: number) => `# Service ${i}
pipelines:
  default:
    - step:
        name: Build image
        script:
          - docker pull cgr.dev/chainguard/node:latest
          - docker build -t svc-${i} .
        services:
          - docker
`;

const ANCHORS = `definitions:
  steps:
    - step: &build
        name: Build
        script:
          - make build
pipelines:
  default:
    - step: *build
  branches:
    main:
      - step: *build
      - step:
          name: Publish
          script:
            - docker pull cgr.dev/chainguard/go:latest
`;

const DEPLOYMENTS = `pipelines:
  branches:
    main:
      - step:
          name: Build
          script:
            - make
      - step:
          name: Deploy to staging
          deployment: staging
          script:
            - ./deploy.sh staging
      - step:
          name: Deploy to production
          deployment: production
          trigger: manual
          script:
            - ./deploy.sh production
`;

const ALREADY_OIDC = `pipelines:
  default:
    - step:
        name: Pull with Chainguard
        oidc: true
        script:
          - chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"
          - docker pull cgr.dev/acme.example/node:latest
`;

/** Set up: the step that logs in, and the check pipeline the app adds. */
const SET_UP = `${ALREADY_OIDC}  custom:
    chainguard-oidc:
      - step:
          name: Chainguard OIDC check
          oidc: true
          script:
            - chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"
`;

const UNPARSABLE = `pipelines:
  default:
    - step:
        name: Broken
        script:
          - echo "unclosed
      bad-indent: [
`;

const BRANCHES = `pipelines:
  branches:
    main:
      - step:
          name: Release
          script:
            - ./release.sh
    'feature/*':
      - step:
          name: Test
          script:
            - ./test.sh
`;

function fileFor(shape: RepositoryShape, i: number): string | null {
  switch (shape) {
    case 'no-file':
    case 'empty':
      return null;
    case 'plain':
    case 'pipelines-off':
      return PLAIN(i);
    case 'plain-cgr':
      return PLAIN_CGR(i);
    case 'anchors':
      return ANCHORS;
    case 'deployments':
      return DEPLOYMENTS;
    case 'already-oidc':
      return isSetUp(i) ? SET_UP : ALREADY_OIDC;
    case 'unparsable':
      return UNPARSABLE;
    case 'branches':
      return BRANCHES;
  }
}

export interface WorkspaceScene {
  workspace: SimWorkspace;
  repositories: SimRepository[];
}

/** Seeds `count` repositories into workspace "acme" (created if needed). */
export function seedWorkspaceScene(state: SimulatorState, count = 300): WorkspaceScene {
  const workspace =
    state.workspaces.find((w) => w.slug === WORKSPACE_SCENE_SLUG) ?? state.addWorkspace(WORKSPACE_SCENE_SLUG, 'Acme');
  const repositories: SimRepository[] = [];
  for (let i = 0; i < count; i += 1) {
    const shape = shapeOf(i);
    const project = PROJECTS[i % PROJECTS.length] as (typeof PROJECTS)[number];
    const slug = `${project.key.toLowerCase()}-service-${String(i).padStart(4, '0')}`;
    const repo = state.addRepository(workspace, slug, { pipelinesEnabled: shape !== 'pipelines-off' });
    repo.project = { key: project.key, name: project.name };
    if (shape !== 'empty') {
      const file = fileFor(shape, i);
      state.commitOrThrow(repo, {
        message: 'Initial commit',
        files: { 'README.md': `# ${slug}\n`, ...(file === null ? {} : { 'bitbucket-pipelines.yml': file }) },
      });
    }
    if (shape === 'deployments') {
      // Bitbucket creates "Staging" and "Production"; some teams name their own in lowercase, as their
      // `deployment:` keys are. Environment trust must treat both as one choice (core/environment-name.ts).
      const lower = i % 20 === 14;
      state.addEnvironment(repo, lower ? 'staging' : 'Staging', 'Staging');
      state.addEnvironment(repo, lower ? 'production' : 'Production', 'Production');
    }
    if (shape === 'already-oidc') {
      // Bitbucket's three default environments.
      state.addEnvironment(repo, 'Test', 'Test');
      state.addEnvironment(repo, 'Staging', 'Staging');
      state.addEnvironment(repo, 'Production', 'Production');
    }
    if (isSetUp(i)) {
      repo.variables.push({ uuid: bracedUuid(`var:${repo.uuid}`), key: 'CHAINGUARD_IDENTITY', value: `id-${i}`, secured: false });
      // Half of them ran the check: it passed in some, failed in others.
      if (i % 40 === 5) recordFinishedRun(state, repo, { branch: 'main', pattern: 'chainguard-oidc', result: i % 80 === 5 ? 'SUCCESSFUL' : 'FAILED', completedMs: CHECKED_AT });
    }
    repositories.push(repo);
  }
  return { workspace, repositories };
}

/** Pushes a commit to the main branch of every `every`-th repository (what a re-scan must notice). */
export function touchRepositories(state: SimulatorState, scene: WorkspaceScene, every = 20): SimRepository[] {
  const touched = scene.repositories.filter((_, i) => i % every === 0 && shapeOf(i) !== 'empty');
  for (const repo of touched) {
    state.commitOrThrow(repo, { message: 'Update README', files: { 'README.md': `# ${repo.slug}\n\nUpdated.\n` } });
  }
  return touched;
}

export { workspaceVariables };
