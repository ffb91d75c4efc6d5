// @vitest-environment jsdom
// The workspace page's lazy parts: one fetch shared by preload and render, a
// fallback meanwhile, and a notice instead of a blank page when a file fails.
import '../dom-setup';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { lazyPart } from '../../../static/workspace/src/components/lazy-parts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Greeting({ name }: { name: string }) {
  return <p>{`Hello ${name}`}</p>;
}

describe('lazyPart', () => {
  it('shows the fallback, then the part, fetching its file once for preload and render', async () => {
    let finish: (c: typeof Greeting) => void = () => undefined;
    const load = vi.fn(() => new Promise<typeof Greeting>((resolve) => (finish = resolve)));
    const Part = lazyPart(load, <p role="status">Loading the part…</p>);
    Part.preload();
    render(<Part name="admin" />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the part…');
    finish(Greeting);
    expect(await screen.findByText('Hello admin')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('says the part did not load, and keeps the rest of the page, when its file fails', async () => {
    // React reports the caught error to the console and, in development, to window's error event; keep the output clean.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', quiet);
    onTestFinished(() => window.removeEventListener('error', quiet));
    const Part = lazyPart<typeof Greeting>(() => Promise.reject(new Error('Failed to fetch dynamically imported module: ./assets/InventoryTable.js')), <p>Loading…</p>);
    Part.preload(); // a failed preload is not an unhandled rejection: the render reports it
    render(
      <main>
        <h1>Chainguard OIDC for Acme</h1>
        <Part name="admin" />
      </main>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This part of the page did not load');
    expect(alert).toHaveTextContent('Failed to fetch dynamically imported module: ./assets/InventoryTable.js. Reload the page to try again');
    expect(screen.getByRole('heading', { name: 'Chainguard OIDC for Acme' })).toBeInTheDocument();
  });
});
