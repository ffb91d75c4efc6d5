// The failure classifier on the texts chainctl, curl and our own script really
// print, each with where it comes from.
import { describe, expect, it } from 'vitest';
import { classifyFailure, lastLines, readCheckReport } from '../../../src/core/check';
import { CHECKSUM_MISMATCH_MESSAGE, IDENTITY_NOT_SET_MESSAGE } from '../../../src/core/pipeline';

describe('classifyFailure on real texts', () => {
  it('our own message when CHAINGUARD_IDENTITY is missing (src/core/pipeline/script.ts)', () => {
    const d = classifyFailure({ stage: null, text: `+ if [ -z ... ]\n${IDENTITY_NOT_SET_MESSAGE}\n` });
    expect(d.kind).toBe('identity-not-set');
    expect(d.advice).toMatch(/identity ID/);
  });

  it('our checksum message, and curl --fail errors (curl man page, exit code 22 and 6)', () => {
    expect(classifyFailure({ stage: null, text: CHECKSUM_MISMATCH_MESSAGE }).kind).toBe('download-failed');
    expect(classifyFailure({ stage: null, text: 'curl: (22) The requested URL returned error: 404' }).kind).toBe('download-failed');
    expect(classifyFailure({ stage: null, text: 'curl: (6) Could not resolve host: dl.enforce.dev' }).kind).toBe('download-failed');
  });

  it('a refused token names the claim (edu custom-assembly-gitops.md line 114; sdk sts/sts.go line 100)', () => {
    // The claim text is Chainguard's documented wording; the wrapper is the sdk's `exchanging token with %q: %w`
    // around grpc-go's `rpc error: code = X desc = Y`.
    const text =
      'Error: exchanging token with "https://issuer.enforce.dev": rpc error: code = PermissionDenied desc = token has invalid "branchName": feature/x';
    const d = classifyFailure({ stage: 'exchange', text });
    expect(d.kind).toBe('token-refused');
    expect(d.refusedClaim).toBe('branchName');
    expect(classifyFailure({ stage: null, text: 'token has invalid "event_name": workflow_dispatch' }).refusedClaim).toBe('event_name');
  });

  it('a PermissionDenied while listing repositories means the role binding or organization (wording UNCONFIRMED)', () => {
    const d = classifyFailure({ stage: 'listing', text: 'Error: rpc error: code = PermissionDenied desc = permission denied' });
    expect(d.kind).toBe('permission-denied');
    expect(d.advice).toMatch(/role binding/);
    // The same status during the exchange is a refused token.
    expect(classifyFailure({ stage: 'exchange', text: 'rpc error: code = PermissionDenied desc = denied' }).kind).toBe('token-refused');
  });

  it('falls back to the stage, and to the last 30 lines for anything else', () => {
    expect(classifyFailure({ stage: 'exchange', text: null }).kind).toBe('token-refused');
    const log = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const d = classifyFailure({ stage: null, text: log });
    expect(d.kind).toBe('unknown');
    expect(d.lastLines).toHaveLength(30);
    expect(d.lastLines[29]).toBe('line 49');
    expect(lastLines('a\r\n\r\nb\n', 30)).toEqual(['a', 'b']);
  });
});

describe('readCheckReport', () => {
  it('finds the failed stage, its message and the repository count', () => {
    const passed = readCheckReport([
      { name: 'identity variable', status: 'PASSED', message: null },
      { name: 'chainctl download and checksum', status: 'SUCCESSFUL', message: null },
      { name: 'token exchange', status: 'PASSED', message: null },
      { name: 'listing repositories: 12 found', status: 'PASSED', message: null },
    ]);
    expect(passed?.failedStage).toBeNull();
    expect(passed?.repositoryCount).toBe(12);
    const failed = readCheckReport([
      { name: 'identity variable', status: 'PASSED', message: null },
      { name: 'token exchange', status: 'FAILED', message: 'token has invalid "sub"' },
    ]);
    expect(failed?.failedStage).toBe('exchange');
    expect(failed?.failureMessage).toBe('token has invalid "sub"');
    expect(failed?.stages.listing).toBe('not-run');
  });

  it('is null for a report that is not the check', () => {
    expect(readCheckReport([{ name: 'MyTest', status: 'FAILED', message: 'x' }])).toBeNull();
    expect(readCheckReport([])).toBeNull();
  });
});
