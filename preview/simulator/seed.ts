// Seeds: the demo scene a visitor of the local preview sees first, and helpers
// to arrange other scenes in tests (a repository with a given file, a person's
// commit on a branch).
import type { Actor, SimCommit, SimRepository, SimulatorState } from './state';

/** A realistic existing file: comments, an anchored step reused by alias, and a cgr.dev pull. */
export const DEMO_PIPELINE = `# Build and deploy web-app.
# Maintained by the platform team; ask in #platform before changing.
image: node:20

definitions:
  caches:
    npm: ~/.npm
  steps:
    - step: &build
        name: Build and test
        caches:
          - npm
        script:
          - npm ci
          - npm test
          - npm run build
        artifacts:
          - dist/**
    - step: &scan
        name: Scan base image
        script:
          # The base image comes from Chainguard's public registry.
          - docker pull cgr.dev/chainguard/node:latest
          - docker run --rm cgr.dev/chainguard/node:latest --version
        services:
          - docker

pipelines:
  default:
    - step: *build
  branches:
    main:
      - step: *build
      - step: *scan
      - step:
          name: Deploy to production
          deployment: Production
          trigger: manual
          script:
            - ./deploy.sh production
  pull-requests:
    '**':
      - step: *build
`;

export const DEMO_WORKSPACE_UUID = '{3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c}';
export const DEMO_REPOSITORY_UUID = '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}';

export interface DemoScene {
  repo: SimRepository;
  initialCommit: SimCommit;
}

/** Workspace `acme`, repository `web-app` with environments, Pipelines on and the demo file. */
export function demoSeed(state: SimulatorState): DemoScene {
  const workspace = state.addWorkspace('acme', 'Acme', DEMO_WORKSPACE_UUID);
  const repo = state.addRepository(workspace, 'web-app', { uuid: DEMO_REPOSITORY_UUID, mainBranch: 'main', pipelinesEnabled: true });
  state.addEnvironment(repo, 'Test', 'Test');
  state.addEnvironment(repo, 'Staging', 'Staging');
  state.addEnvironment(repo, 'Production', 'Production');
  const initialCommit = state.commitOrThrow(
    repo,
    {
      message: 'Initial commit',
      author: 'Dana Developer <dana@acme.example>',
      files: {
        'README.md': '# web-app\n\nAcme storefront.\n',
        'package.json': '{\n  "name": "web-app",\n  "private": true\n}\n',
        'bitbucket-pipelines.yml': DEMO_PIPELINE,
      },
    },
    null,
  );
  return { repo, initialCommit };
}

/**
 * A repository in its own workspace with the given files on the main branch
 * (none: an empty-tree first commit, so the branch exists).
 */
export function seedRepository(
  state: SimulatorState,
  input: { workspace: string; repository: string; files?: Record<string, string>; mainBranch?: string; environments?: string[] },
): DemoScene {
  const workspace = state.workspaces.find((w) => w.slug === input.workspace) ?? state.addWorkspace(input.workspace);
  const repo = state.addRepository(workspace, input.repository, { mainBranch: input.mainBranch ?? 'main' });
  for (const name of input.environments ?? []) state.addEnvironment(repo, name, 'Production');
  const initialCommit = state.commitOrThrow(
    repo,
    { message: 'Initial commit', author: 'Dana Developer <dana@acme.example>', files: { 'README.md': '# readme\n', ...(input.files ?? {}) } },
    null,
  );
  return { repo, initialCommit };
}

/** A person's commit (not the app's) on a branch, e.g. to simulate a human edit on the setup branch. */
export function commitAsPerson(
  state: SimulatorState,
  repo: SimRepository,
  input: { branch?: string; files: Record<string, string>; message?: string; person?: Actor },
): SimCommit {
  const person = input.person ?? { uuid: '{00000000-0000-4000-8000-0000000000aa}', displayName: 'Pat Person', nickname: 'pat', permission: 'write' as const };
  return state.commitOrThrow(
    repo,
    {
      ...(input.branch !== undefined ? { branch: input.branch } : {}),
      message: input.message ?? 'Tweak pipeline by hand',
      author: `${person.displayName} <${person.nickname}@acme.example>`,
      files: input.files,
    },
    person,
  );
}
