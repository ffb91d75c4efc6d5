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
  chainctlVersionProblem,
  CHECK_REPORT_DIR,
  CHECK_STAGES,
  CHECKSUM_MISMATCH_MESSAGE,
  CHECKSUM_MISSING_MESSAGE,
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
  chainctlVersion: 'latest',
};

function sh(script: string, env: Record<string, string> = {}, cwd?: string) {
  return spawnSync('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, cwd, encoding: 'utf8' });
}

describe('chainctl download', () => {
  const lines = chainctlInstallLines('1.2.3');

  it('downloads a pinned version and its checksum list from dl.enforce.dev, latest by default', () => {
    const text = lines.join('\n');
    expect(text).toContain('"https://dl.enforce.dev/chainctl/1.2.3/chainctl_${CHAINCTL_PLATFORM}"');
    expect(text).toContain('"https://dl.enforce.dev/chainctl/1.2.3/chainctl_checksums.txt"');
    expect(text).not.toContain('/latest/');
    expect(DEFAULT_CHAINCTL_VERSION).toBe('latest');
    expect(chainctlInstallLines().join('\n')).toContain('/chainctl/latest/');
    expect(chainctlInstallLines('v0.2.313').join('\n')).toContain('/chainctl/0.2.313/');
    expect(lines.at(-1)).toBe('chainctl version');
  });

  it('refuses a version that is not a release number', () => {
    expect(() => chainctlInstallLines('1.2')).toThrow(/0\.2\.313/);
    expect(() => chainctlInstallLines('1.2.3; rm -rf /')).toThrow();
    expect(chainctlVersionProblem('0.2.313')).toBeNull();
    expect(chainctlVersionProblem('latest')).toBeNull();
    expect(chainctlVersionProblem('$(id)')).toMatch(/not a chainctl release/);
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

  /** A folder with fake curl serving `files`, and one file of served checksums per call. */
  function downloadScene(checksumAnswers: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainctl-'));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    checksumAnswers.forEach((text, i) => fs.writeFileSync(path.join(dir, `sums-${i}`), text));
    fs.writeFileSync(path.join(dir, 'calls'), '');
    // curl [-o FILE] URL: the binary, or the next checksum answer (the last one repeats).
    fs.writeFileSync(
      path.join(bin, 'curl'),
      `#!/bin/sh\nout=""; url=""\nwhile [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2;; -*) shift;; *) url="$1"; shift;; esac; done\n` +
        `echo "$url" >> ${dir}/calls\n` +
        `case "$url" in *checksums.txt) n=$(grep -c checksums ${dir}/calls); i=$((n - 1)); [ -f ${dir}/sums-$i ] || i=${checksumAnswers.length - 1}; cat ${dir}/sums-$i;; *) printf 'the real binary' > "$out";; esac\n`,
      { mode: 0o755 },
    );
    return { dir, env: { PATH: `${bin}:${process.env.PATH}`, CHAINCTL_PLATFORM: 'linux_x86_64' } };
  }
  const digest = createHash('sha256').update('the real binary').digest('hex');
  const fetchAndVerify = lines.slice(1, 5).join('\n');

  it('takes the line whose second field is the file name and accepts the published checksum', () => {
    const { dir, env } = downloadScene([`0000  chainctl_darwin_arm64\n${digest}  chainctl_linux_x86_64\n`]);
    const out = sh(fetchAndVerify, env, dir);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('fetches the checksums once more on a mismatch, as a release can be promoted in between', () => {
    const { dir, env } = downloadScene([`${'1'.repeat(64)}  chainctl_linux_x86_64\n`, `${digest}  chainctl_linux_x86_64\n`]);
    const out = sh(fetchAndVerify, env, dir);
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/once more/);
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').match(/checksums/g)).toHaveLength(2);
  });

  it('fails the step when the binary still does not match, or the list has no entry for it', () => {
    const wrong = downloadScene([`${'1'.repeat(64)}  chainctl_linux_x86_64\n`]);
    const tampered = sh(fetchAndVerify, wrong.env, wrong.dir);
    expect(tampered.status).not.toBe(0);
    expect(tampered.stderr).toContain(CHECKSUM_MISMATCH_MESSAGE);
    // A platform the checksum list does not know must fail too, not pass vacuously.
    const missing = downloadScene([`${digest}  chainctl_darwin_arm64\n`]);
    const out = sh(fetchAndVerify, missing.env, missing.dir);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain(CHECKSUM_MISSING_MESSAGE);
  });

  it('installs chainctl on PATH after the checksum check, then prints its version', () => {
    const install = lines.findIndex((l) => l.startsWith('install -m 0755') && l.endsWith('/usr/local/bin/chainctl'));
    const verify = lines.findIndex((l) => l.includes('sha256sum -c'));
    expect(verify).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(verify);
    expect(lines.indexOf('chainctl version')).toBeGreaterThan(install);
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

/**
 * Runs the whole check step with /bin/sh in a scratch folder, with fake curl,
 * uname, install and chainctl on PATH, and returns the exit status, the output
 * and the JUnit files it wrote under test-results/.
 */
function runCheckStep(options: { identity?: string; chainctl: string; binary?: string; script?: string[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-step-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const served = options.binary ?? 'the real binary';
  const digest = createHash('sha256').update('the real binary').digest('hex');
  const write = (name: string, text: string) => fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  write('uname', '#!/bin/sh\nif [ "$1" = "-s" ]; then echo Linux; else echo x86_64; fi\n');
  write(
    'curl',
    `#!/bin/sh\nout=""; url=""\nwhile [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2;; -*) shift;; *) url="$1"; shift;; esac; done\n` +
      `case "$url" in *checksums.txt) echo "${digest}  chainctl_linux_x86_64";; *) printf '%s' '${served}' > "$out";; esac\n`,
  );
  write('install', `#!/bin/sh\ncp "$3" "${bin}/chainctl-installed"\n`);
  write('chainctl', `#!/bin/sh\n${options.chainctl}\n`);
  const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, BITBUCKET_STEP_OIDC_TOKEN: 'token' };
  if (options.identity !== undefined) env.CHAINGUARD_IDENTITY = options.identity;
  const out = sh((options.script ?? checkStepScript(resolved)).join('\n'), env, dir);
  const reportDir = path.join(dir, CHECK_REPORT_DIR);
  const reports = fs.existsSync(reportDir)
    ? fs.readdirSync(reportDir).sort().map((f) => fs.readFileSync(path.join(reportDir, f), 'utf8'))
    : [];
  return { ...out, reports };
}

const chainctlThatWorks =
  'case "$1 $2" in "auth login") echo "Successfully exchanged token.";; "images repos") printf "aaa/1\\nbbb/2\\nccc/3\\n";; version*) echo "GitVersion: 0.2.313";; esac';

describe('check step script', () => {
  it('checks the variable, installs, logs in, then lists the organization repositories', () => {
    const script = checkStepScript(resolved);
    const at = (text: string) => script.findIndex((l) => l.includes(text));
    expect(at('[ -z "${CHAINGUARD_IDENTITY:-}" ]')).toBeGreaterThan(0);
    expect(at('/usr/local/bin/chainctl')).toBeGreaterThan(at('[ -z "${CHAINGUARD_IDENTITY:-}" ]'));
    expect(at(LOGIN_LINE)).toBeGreaterThan(at('/usr/local/bin/chainctl'));
    expect(at("chainctl images repos list --parent 'example.com' -o id")).toBeGreaterThan(at(LOGIN_LINE));
    expect(script).not.toContain(CONFIGURE_DOCKER_LINE);
  });

  it('passes with one passed JUnit test case per stage and the repository count', () => {
    const run = runCheckStep({ identity: 'abc/def', chainctl: chainctlThatWorks });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('The organization listing returned 3 repositories.');
    expect(run.stdout).toContain('GitVersion: 0.2.313');
    expect(run.reports).toHaveLength(4);
    const names = run.reports.map((r) => /<testcase classname="chainguard-check" name="([^"]+)"/.exec(r)?.[1]);
    expect(names.sort()).toEqual(
      [CHECK_STAGES.download, CHECK_STAGES.identity, `${CHECK_STAGES.listing}: 3 found`, CHECK_STAGES.exchange].sort(),
    );
    for (const r of run.reports) expect(r).toContain('failures="0"');
  });

  it('stops at the identity stage when the variable is empty, with our message in the report', () => {
    const run = runCheckStep({ identity: '', chainctl: chainctlThatWorks });
    expect(run.status).toBe(1);
    expect(run.reports).toHaveLength(1);
    expect(run.reports[0]).toContain(`name="${CHECK_STAGES.identity}"><failure message="CHAINGUARD_IDENTITY is not set`);
  });

  it('stops at the download stage on a checksum mismatch', () => {
    const run = runCheckStep({ identity: 'abc/def', chainctl: chainctlThatWorks, binary: 'tampered' });
    expect(run.status).not.toBe(0);
    const failed = run.reports.find((r) => r.includes('<failure'));
    expect(failed).toContain(`name="${CHECK_STAGES.download}"`);
    expect(failed).toContain('does not match its published sha256 checksum');
    expect(run.stdout).not.toContain('Successfully exchanged token');
  });

  it('carries chainctl\'s own words, XML-escaped, when the token exchange is refused', () => {
    const run = runCheckStep({
      identity: 'abc/def',
      chainctl: 'case "$1 $2" in "auth login") echo \'Error: rpc error: code = PermissionDenied desc = token has invalid "sub": {a}:<b>&c\' >&2; exit 1;; *) echo ok;; esac',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PermissionDenied');
    const failed = run.reports.find((r) => r.includes('<failure')) ?? '';
    expect(failed).toContain(`name="${CHECK_STAGES.exchange}"`);
    expect(failed).toContain('token has invalid &quot;sub&quot;: {a}:&lt;b&gt;&amp;c');
    expect(run.reports.some((r) => r.includes(CHECK_STAGES.listing))).toBe(false);
  });

  it('configures docker and pulls the image when one is chosen', () => {
    const script = checkStepScript({ ...resolved, image: { name: 'python', tag: '3.12' } });
    expect(script.slice(-2)).toEqual([CONFIGURE_DOCKER_LINE, "docker pull 'cgr.dev/example.com/python:3.12'"]);
  });

  it('installs the pinned version', () => {
    expect(checkStepScript({ ...resolved, chainctlVersion: '0.2.313' }).join('\n')).toContain('/chainctl/0.2.313/');
  });

  it('quotes the organization as one shell word', () => {
    const script = checkStepScript({ ...resolved, organization: "it's" });
    expect(script.join('\n')).toContain(`chainctl images repos list --parent 'it'\\''s' -o id`);
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
