// @vitest-environment jsdom
import './dom-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { App } from '../../static/settings/src/App';
import { answer, resetBridge } from './fake-bridge';
import { loadPageData, openPullRequest } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

beforeEach(() => {
  resetBridge();
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
});
afterEach(cleanup);

async function violations() {
  // jsdom has no layout, so colour contrast cannot be judged here.
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  // Guard against a silently idle run: label and name rules must have had something to check.
  expect(result.passes.map((p) => p.id)).toEqual(expect.arrayContaining(['label', 'button-name', 'aria-valid-attr-value']));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

it('has no axe violations with Terraform, the pipeline diff and an error showing', async () => {
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: { organization: 'acme.dev' }, openPullRequest }) }));
  render(<App saveDelayMs={5} />);
  await screen.findAllByRole('tab');
  // The plan runs after a pause, off the main thread: on a loaded machine that takes more than a second.
  await screen.findByRole('region', { name: 'Changes to bitbucket-pipelines.yml' }, { timeout: 10_000 });
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Identity ID'), 'nope');
  expect(await violations()).toEqual([]);
});

it('reaches every control with the keyboard in a sensible order', async () => {
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: { organization: 'acme.dev' } }) }));
  render(<App saveDelayMs={5} />);
  await screen.findAllByRole('tab');
  await screen.findByRole('region', { name: 'Changes to bitbucket-pipelines.yml' });
  const user = userEvent.setup();
  const reached: string[] = [];
  for (let i = 0; i < 80; i += 1) {
    await user.tab();
    const el = document.activeElement as HTMLElement | null;
    const name = el?.getAttribute('aria-label') ?? (el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el?.textContent ?? '';
    reached.push(name.trim());
  }
  for (const name of ['Copy Workspace UUID', 'Chainguard organization', 'Identity name', 'registry.pull (recommended)', 'Copy all', 'Download .zip', 'Open pull request', 'Identity ID', 'Save identity ID']) {
    expect(reached).toContain(name);
  }
  // The checklist's five links, then the first field: no Copy button on the way.
  const organization = reached.indexOf('Chainguard organization');
  expect(organization).toBeLessThanOrEqual(5);
  expect(reached.slice(0, organization).filter((name) => name.startsWith('Copy'))).toEqual([]);
  // The sections in the checklist's order.
  expect(organization).toBeLessThan(reached.indexOf('Copy all'));
  expect(reached.indexOf('Copy all')).toBeLessThan(reached.indexOf('Save identity ID'));
  expect(reached.indexOf('Save identity ID')).toBeLessThan(reached.indexOf('Open pull request'));
  expect(reached.indexOf('Open pull request')).toBeLessThan(reached.indexOf('Copy Workspace UUID'));
});
