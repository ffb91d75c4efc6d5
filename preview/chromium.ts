// Headless Chromium as the browser tests and the benchmark launch it: Debian's
// /usr/bin/chromium (or CHROMIUM_PATH), driven by playwright-core.
import { chromium, type Browser } from 'playwright-core';

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

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Playwright gives every launch a fresh temporary --user-data-dir. */
export function launchChromium(executablePath: string = chromiumPath()): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}
