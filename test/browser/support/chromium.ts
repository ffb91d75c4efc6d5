// Headless Chromium for the browser suite: Debian's /usr/bin/chromium (or
// CHROMIUM_PATH) driven by playwright-core. Without Chromium the suite is
// reported as skipped with the install command, except under CI=true, where
// a missing browser is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, it } from 'vitest';

/** Flags known to work on this machine kind: no GPU, no sandbox as root, no background network. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Per test: a real browser against a real server, on a machine that may be running other suites. */
export const BROWSER_TEST_MS = 60_000;

export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath());
}

/** Playwright gives every launch a fresh temporary --user-data-dir. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
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
