// `npm start` as a user runs it: prints the URLs, serves the page and the
// simulated API, and stops cleanly (exit 0) on SIGINT and SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';

interface Started {
  child: ChildProcess;
  output: () => string;
  pageUrl: string;
  apiUrl: string;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'preview/start.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: '', BITBUCKET_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its URLs in time:\n${text}`)), 150_000);
    const check = () => {
      const page = /Settings page:\s+(\S+)/.exec(text)?.[1];
      const api = /Simulated repo API:\s+(\S+)/.exec(text)?.[1];
      if (page && api) {
        clearTimeout(timer);
        resolve({ child, output: () => text, pageUrl: page, apiUrl: api });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited early with ${code}:\n${text}`));
    });
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`serves the page and the simulated repository, and exits 0 on ${signal}`, async () => {
      const started = await startCli(['--port', '0', '--memory']);
      try {
        expect(started.pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(started.apiUrl).toBe(`${started.pageUrl}2.0/repositories/acme/web-app`);
        const page = await fetch(started.pageUrl);
        expect(await page.text()).toContain('<script src="/__preview/host.js"></script>');
        const repo = (await (await fetch(started.apiUrl)).json()) as { full_name: string };
        expect(repo.full_name).toBe('acme/web-app');
      } finally {
        const exited = exitCode(started.child);
        started.child.kill(signal);
        expect(await exited).toBe(0);
        expect(started.output()).toContain(`${signal}: stopping the preview.`);
      }
    }, 180_000);
  }

  it('says what to do when the port is taken', async () => {
    const started = await startCli(['--port', '0', '--memory']);
    try {
      const port = new URL(started.pageUrl).port;
      const child = spawn(process.execPath, ['--import', 'tsx', 'preview/start.ts', '--port', port, '--memory'], {
        env: { ...process.env, PORT: '', BITBUCKET_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stderr!.on('data', (chunk) => (text += chunk));
      expect(await exitCode(child)).toBe(1);
      expect(text).toContain('the port is taken');
      expect(text).toContain('--port <n>');
    } finally {
      const exited = exitCode(started.child);
      started.child.kill('SIGTERM');
      await exited;
    }
  }, 180_000);

  it('refuses --repo without BITBUCKET_TOKEN, saying what to set', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'preview/start.ts', '--repo', 'acme/web-app'], {
      env: { ...process.env, BITBUCKET_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stderr!.on('data', (chunk) => (text += chunk));
    expect(await exitCode(child)).toBe(1);
    expect(text).toContain('needs BITBUCKET_TOKEN');
  }, 60_000);

  it('`npm start` stopped by SIGTERM to npm alone (as a process manager does) stops the whole process tree', async () => {
    // npm itself, in its own process group, so every process it starts can be found afterwards.
    const npm = process.env.npm_execpath;
    const child = npm
      ? spawn(process.execPath, [npm, 'start', '--', '--port', '0', '--memory'], { detached: true, env: { ...process.env, PORT: '', BITBUCKET_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('npm', ['start', '--', '--port', '0', '--memory'], { detached: true, env: { ...process.env, PORT: '', BITBUCKET_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const group = child.pid!;
    let text = '';
    child.stdout!.on('data', (chunk) => (text += chunk));
    child.stderr!.on('data', (chunk) => (text += chunk));
    const groupAlive = () => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await vi.waitFor(() => expect(text).toMatch(/Settings page:\s+\S+/), { timeout: 150_000, interval: 200 });
      const pageUrl = /Settings page:\s+(\S+)/.exec(text)![1]!;
      expect((await fetch(pageUrl)).status).toBe(200);
      const exited = exitCode(child);
      process.kill(group, 'SIGTERM'); // npm's pid only, not the group
      await exited;
      await vi.waitFor(() => expect(groupAlive()).toBe(false), { timeout: 10_000, interval: 100 });
      await expect(fetch(pageUrl)).rejects.toThrow();
      expect(text).toContain('SIGTERM: stopping the preview.');
    } finally {
      if (groupAlive()) process.kill(-group, 'SIGKILL');
    }
  }, 180_000);
});
