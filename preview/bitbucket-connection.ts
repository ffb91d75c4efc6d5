// Which Bitbucket the preview's handler talks to: a fresh simulator (seeded,
// with optional latency) or, with a repository access token, api.bitbucket.org.
import { DEMO_REPO } from './cli-options';
import type { PreviewRepository } from './forge-runtime/forge-context';
import { fetchRepositoryIdentity } from './repository-identity';
import { demoSeed, startSimulator, type Simulator, type SimulatorState } from './simulator';

export const REAL_BITBUCKET = 'https://api.bitbucket.org';

export interface ConnectOptions {
  latencyMs?: number;
  seed?: (state: SimulatorState) => void;
  repo?: string;
  real?: { token: string; repo: string; baseUrl?: string; fetchImpl?: typeof fetch };
}

export interface BitbucketConnection {
  /** Null when talking to the real Bitbucket. */
  simulator: Simulator | null;
  /** Where /2.0/... requests go, without a trailing slash. */
  baseUrl: string;
  repository: PreviewRepository;
}

export async function connectBitbucket(options: ConnectOptions): Promise<BitbucketConnection> {
  if (options.real) {
    const baseUrl = options.real.baseUrl ?? REAL_BITBUCKET;
    const repository = await fetchRepositoryIdentity({
      baseUrl,
      repo: options.real.repo,
      token: options.real.token,
      fetchImpl: options.real.fetchImpl,
    });
    return { simulator: null, baseUrl, repository };
  }
  const simulator = await startSimulator({ seed: options.seed ?? demoSeed, latencyMs: options.latencyMs ?? 0 });
  try {
    const repository = await fetchRepositoryIdentity({ baseUrl: simulator.url, repo: options.repo ?? DEMO_REPO });
    return { simulator, baseUrl: simulator.url, repository };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}
