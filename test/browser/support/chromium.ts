// Headless Chromium for the browser suite: Debian's /usr/bin/chromium (or
// CHROMIUM_PATH) driven by playwright-core. Without Chromium the suite is
// reported as skipped with the install command, except under CI=true, where
// a missing browser is a failure.
import { existsSync } from 'node:fs';
import { chromiumPath } from '../../../preview/chromium';
import { describe, it } from 'vitest';

export { CHROMIUM_FLAGS, chromiumPath, launchChromium } from '../../../preview/chromium';

/** Per test: a real browser against a real server, on a machine that may be running other suites. */
export const BROWSER_TEST_MS = 60_000;

export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)';

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath());
}

/**
 * `describe` for browser tests: runs when Chromium is there; otherwise a
 * skipped suite whose name says how to install it, or (under CI) a failure.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (chromiumAvailable()) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`Chromium not found at ${chromiumPath()} and CI=true; install it: ${INSTALL_HINT}`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": Chromium not found at ${chromiumPath()}. Install it: ${INSTALL_HINT}`);
    describe.skip(`${name} [skipped: Chromium not found at ${chromiumPath()}; install: ${INSTALL_HINT}]`, body);
  }
}
