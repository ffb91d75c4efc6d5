// The simulator's hourly limit (off unless a scene sets state.rateLimit): the
// headers Bitbucket sends Forge apps, a 429 once the hour is spent, and only
// /2.0/repositories/* counted.
import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed, startSimulator, type Simulator } from '../../preview/simulator';
import { RequestWindow } from '../../preview/simulator/rate-limit';

let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('simulated rate limit', () => {
  it('sends X-RateLimit-Limit and NearLimit, then 429 with Bitbucket\'s message once the hour is spent', async () => {
    sim = await startSimulator({
      seed: (state) => {
        demoSeed(state);
        state.rateLimit = { perHour: 5 };
      },
    });
    const get = (path: string) => fetch(`${sim!.url}/2.0${path}`);
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await get('/repositories/acme/web-app'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['5', '5', '5', '5', '5']);
    expect(answers.map((a) => a.headers.get('x-ratelimit-nearlimit'))).toEqual(['false', 'false', 'false', 'true', 'true']);
    const refused = await get('/repositories/acme/web-app');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('Rate limit for this resource has been exceeded');
    // Other resources have limits of their own: not counted here.
    expect((await get('/workspaces/acme/pipelines-config/variables')).headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('is off unless the scene asks for it', async () => {
    sim = await startSimulator({ seed: demoSeed });
    const answer = await fetch(`${sim.url}/2.0/repositories/acme/web-app`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('is a rolling hour: a request an hour old no longer counts', () => {
    const window = new RequestWindow({ perHour: 2 });
    expect(window.take(0).allowed).toBe(true);
    expect(window.take(1_000).allowed).toBe(true);
    expect(window.take(2_000).allowed).toBe(false);
    expect(window.take(3_600_000).allowed).toBe(true); // the first has left the window
    expect(window.take(3_600_500).allowed).toBe(false);
  });
});
