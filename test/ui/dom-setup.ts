// jsdom lacks a few browser APIs Atlaskit touches at import time; import this file first.
import '@testing-library/jest-dom/vitest';

if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// Page tests render the whole app in jsdom and type character by character;
// give them room when the full suite runs in parallel.
import { vi } from 'vitest';
vi.setConfig({ testTimeout: 60_000 });
