// Without Chromium the browser suite is skipped and says how to install it,
// except under CI=true, where it fails. Checked by running vitest on one
// browser test file with CHROMIUM_PATH pointing at nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function runBrowserFile(env: Record<string, string>): { status: number | null; output: string } {
  const vitest = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', 'test/browser/settings-page.test.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('browser suite without Chromium', () => {
  it('is skipped with the install command outside CI', () => {
    const { status, output } = runBrowserFile({ CI: 'false' });
    expect(status).toBe(0);
    expect(output).toMatch(/Tests\s+\d+ skipped \(\d+\)/); // all skipped, none run
    expect(output).toContain('apt-get install -y chromium');
  }, 130_000);

  it('fails under CI=true, naming the install command', () => {
    const { status, output } = runBrowserFile({ CI: 'true' });
    expect(status).toBe(1);
    expect(output).toContain('Chromium not found at /nonexistent/chromium and CI=true');
  }, 130_000);
});
