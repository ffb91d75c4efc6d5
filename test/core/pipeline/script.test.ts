// The chainctl lines: pinned download, checksum check that really fails on a
// tampered binary, identity from the repository variable, safe quoting. The
// shell lines are run with /bin/sh on local files (no network).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chainctlInstallLines,
  checkStepScript,
  CONFIGURE_DOCKER_LINE,
  DEFAULT_CHAINCTL_VERSION,
  identityVariableCheckLine,
  LOGIN_LINE,
  loginLines,
  shellQuote,
} from '../../../src/core/pipeline';
import type { ResolvedChoices } from '../../../src/core/types';

const resolved: ResolvedChoices = {
  organization: 'example.com',
  identityName: 'web-app',
  role: 'registry.pull',
  trust: { kind: 'branch', branch: 'main' },
  description: 'd',
  image: null,
};

function sh(script: string, env: Record<string, string> = {}, cwd?: string) {
  return spawnSync('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, cwd, encoding: 'utf8' });
}

describe('chainctl download', () => {
  const lines = chainctlInstallLines('1.2.3');

  it('downloads a pinned version and its checksum list from dl.enforce.dev', () => {
    const text = lines.join('\n');
    expect(text).toContain('"https://dl.enforce.dev/chainctl/1.2.3/chainctl_${CHAINCTL_PLATFORM}"');
    expect(text).toContain('"https://dl.enforce.dev/chainctl/1.2.3/chainctl_checksums.txt"');
    expect(text).not.toContain('/latest/');
    expect(chainctlInstallLines().join('\n')).toContain(`/chainctl/${DEFAULT_CHAINCTL_VERSION}/`);
  });

  it('refuses a version that is not a release number', () => {
    expect(() => chainctlInstallLines('latest')).toThrow(/1\.2\.3/);
    expect(() => chainctlInstallLines('1.2.3; rm -rf /')).toThrow();
  });

  it('names the platform like the release assets: lowercase OS, aarch64 as arm64', () => {
    const platformLine = lines[0] as string;
    const fakeBin = fs.mkdtempSync(path.join(os.tmpdir(), 'uname-'));
    fs.writeFileSync(
      path.join(fakeBin, 'uname'),
      '#!/bin/sh\nif [ "$1" = "-s" ]; then echo Linux; else echo aarch64; fi\n',
      { mode: 0o755 },
    );
    const out = sh(`${platformLine}; printf %s "$CHAINCTL_PLATFORM"`, { PATH: `${fakeBin}:${process.env.PATH}` });
    expect(out.stdout).toBe('linux_arm64');
  });

  it('accepts the published checksum and fails the step on a mismatch', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainctl-'));
    const binary = 'chainctl_linux_x86_64';
    fs.writeFileSync(path.join(dir, binary), 'the real binary');
    const digest = createHash('sha256').update('the real binary').digest('hex');
    fs.writeFileSync(path.join(dir, 'chainctl_checksums.txt'), `0000  chainctl_darwin_arm64\n${digest}  ${binary}\n`);
    const check = lines.filter((l) => l.includes('sha256')).join('\n');
    const env = { CHAINCTL_PLATFORM: 'linux_x86_64' };
    expect(sh(check, env, dir).status).toBe(0);

    fs.writeFileSync(path.join(dir, binary), 'a tampered binary');
    const tampered = sh(check, env, dir);
    expect(tampered.status).not.toBe(0);
    expect(tampered.stderr).toMatch(/checksum/);

    // A platform the checksum list does not know must fail too, not pass vacuously.
    const missing = sh(check, { CHAINCTL_PLATFORM: 'plan9_mips' }, dir);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no entry/);
  });

  it('installs chainctl on PATH after the checksum check', () => {
    const install = lines.findIndex((l) => l.startsWith('install -m 0755') && l.endsWith('/usr/local/bin/chainctl'));
    const verify = lines.findIndex((l) => l.startsWith('sha256sum -c'));
    expect(verify).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(verify);
  });
});

describe('identity variable', () => {
  it('stops the step with a clear message when CHAINGUARD_IDENTITY is unset or empty', () => {
    const line = identityVariableCheckLine();
    for (const env of [{}, { CHAINGUARD_IDENTITY: '' }] as Record<string, string>[]) {
      const out = sh(`${line}\necho after`, env);
      expect(out.status).toBe(1);
      expect(out.stderr).toMatch(/CHAINGUARD_IDENTITY is not set.*Repository variables/);
      expect(out.stdout).not.toContain('after');
    }
    expect(sh(`${line}\necho after`, { CHAINGUARD_IDENTITY: 'abc/def' }).stdout).toBe('after\n');
  });

  it('logs in with the step token and the variable, never a hard-coded ID', () => {
    expect(LOGIN_LINE).toBe('chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"');
    const script = checkStepScript(resolved).join('\n');
    expect(script).not.toMatch(/[0-9a-f]{40}\//);
  });
});

describe('check step script', () => {
  it('checks the variable, installs, logs in, then lists the organization repositories', () => {
    const script = checkStepScript(resolved);
    expect(script[0]).toBe(identityVariableCheckLine());
    const login = script.indexOf(LOGIN_LINE);
    expect(login).toBeGreaterThan(script.findIndex((l) => l.includes('/usr/local/bin/chainctl')));
    expect(script[login + 1]).toBe("chainctl images repos list --parent 'example.com'");
    expect(script).not.toContain(CONFIGURE_DOCKER_LINE);
  });

  it('configures docker and pulls the image when one is chosen', () => {
    const script = checkStepScript({ ...resolved, image: { name: 'python', tag: '3.12' } });
    expect(script.slice(-2)).toEqual([CONFIGURE_DOCKER_LINE, "docker pull 'cgr.dev/example.com/python:3.12'"]);
  });

  it('quotes the organization as one shell word', () => {
    const script = checkStepScript({ ...resolved, organization: 'my org' });
    expect(script).toContain("chainctl images repos list --parent 'my org'");
  });

  it('login lines for an existing step end with the login (and docker setup when asked)', () => {
    expect(loginLines({ configureDocker: false }).at(-1)).toBe(LOGIN_LINE);
    expect(loginLines({ configureDocker: true }).slice(-2)).toEqual([LOGIN_LINE, CONFIGURE_DOCKER_LINE]);
  });
});

describe('shellQuote', () => {
  it('keeps hostile text literal', () => {
    for (const value of ["it's", '$(touch /tmp/pwned)', '`id`', 'a"b', 'semi;colon', 'new\nline', '']) {
      const out = execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(out).toBe(value);
    }
  });
});
