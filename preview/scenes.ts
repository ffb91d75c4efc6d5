// Starting points for the simulated repository (`npm start -- --scene <name>`),
// all on acme/web-app so the page, the API URL and the bench stay the same.
import { DEMO_PIPELINE, demoSeed, seedRepository, type SimulatorState } from './simulator';
import { seedWorkspaceScene } from './simulator/workspace-seed';

export type Scene = (state: SimulatorState) => void;

export const SCENES: Record<string, { describe: string; seed: Scene }> = {
  demo: {
    describe: 'environments, Pipelines on, a bitbucket-pipelines.yml with comments and anchors',
    seed: (state) => void demoSeed(state),
  },
  'no-pipeline': {
    describe: 'no bitbucket-pipelines.yml yet (the pull request creates one)',
    seed: (state) =>
      void seedRepository(state, { workspace: 'acme', repository: 'web-app', environments: ['Production'] }),
  },
  'pipelines-off': {
    describe: 'the demo repository with Pipelines switched off',
    seed: (state) => {
      demoSeed(state).repo.pipelinesEnabled = false;
    },
  },
  'oidc-already': {
    describe: 'a step that already has oidc: true (the page checks whether the identity trusts it)',
    seed: (state) =>
      void seedRepository(state, {
        workspace: 'acme',
        repository: 'web-app',
        environments: ['Production'],
        files: { 'bitbucket-pipelines.yml': DEMO_PIPELINE.replace('name: Deploy to production\n', 'name: Deploy to production\n          oidc: true\n') },
      }),
  },
};

// The workspace page's scene (issue 11): the demo repository plus 300 more in
// workspace acme, of every shape (see simulator/workspace-seed.ts).
SCENES.workspace = {
  describe: 'the demo repository plus 300 repositories in 5 projects: no file, plain, anchors, deployments, OIDC already, unparsable, Pipelines off, empty',
  seed: (state) => {
    demoSeed(state);
    seedWorkspaceScene(state, 300);
    // A Forge app in a workspace of 1,000 paid seats or more: Bitbucket's
    // scaled ceiling, announced in X-RateLimit-Limit, which the scan's token
    // bucket adopts (a burst of 1,000 covers this scene's whole scan).
    state.rateLimit = { perHour: 10_000 };
  },
};

export function sceneNamed(name: string): Scene {
  const scene = SCENES[name];
  if (!scene) throw new Error(`Unknown scene ${JSON.stringify(name)}; choose one of: ${Object.keys(SCENES).join(', ')}.`);
  return scene.seed;
}
