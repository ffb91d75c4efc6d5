import { describe, expect, it } from 'vitest';
import { claimMatchFor, re2Escape, usesNonRe2Syntax, verifyToken } from '../../src/core/trust';
import { resolveChoices } from '../../src/core/validation';
import type { ClaimMatch, IdentityChoices, StepToken } from '../../src/core/types';
import {
  AUDIENCE,
  deploymentToken,
  facts,
  ISSUER,
  OTHER_REPO_UUID,
  PROD_ENV_UUID,
  REPO_UUID,
  STAGING_ENV_UUID,
  STEP_UUID,
  stepToken,
} from './fixtures';

function matchFor(choices: Omit<IdentityChoices, 'organization'>, f = facts): ClaimMatch {
  const r = resolveChoices(f, { organization: 'example.com', ...choices });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return claimMatchFor(f, r.value);
}

const branchMain = matchFor({});
const branchRelease = matchFor({ trust: { kind: 'branch', branch: 'release/1.x' } });
const wholeRepo = matchFor({ trust: { kind: 'repository' } });
const prod = matchFor({ trust: { kind: 'environment', environmentUuid: PROD_ENV_UUID } });
const allMatches = { branchMain, branchRelease, wholeRepo, prod };

function expectAccepted(match: ClaimMatch, token: StepToken) {
  const v = verifyToken(match, token);
  expect(v.reason).toMatch(/^accepted/);
  expect(v.accepted).toBe(true);
}

function expectRefused(match: ClaimMatch, token: StepToken, reason: RegExp) {
  const v = verifyToken(match, token);
  expect(v.accepted).toBe(false);
  expect(v.reason).toMatch(/^refused: /);
  expect(v.reason).toMatch(reason);
}

describe('re2Escape', () => {
  it('escapes every RE2 metacharacter (QuoteMeta semantics)', () => {
    expect(re2Escape('\\.+*?()|[]{}^$')).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$');
    expect(re2Escape('plain-text_1/2:3')).toBe('plain-text_1/2:3');
  });

  it('makes any string match only itself', () => {
    for (const s of ['{a}.b', 'a|b', '(x)*', '^$', 'a\\d', '[^]', 'x{2}', '.*']) {
      const re = new RegExp(`^(?:${re2Escape(s)})$`);
      expect(re.test(s)).toBe(true);
      expect(re.test(`${s}x`)).toBe(false);
    }
    expect(new RegExp(`^${re2Escape('a.b')}$`).test('axb')).toBe(false);
  });
});

describe('claimMatchFor', () => {
  it('uses the workspace issuer and audience for every trust', () => {
    for (const m of Object.values(allMatches)) {
      expect(m.issuer).toBe(ISSUER);
      expect(m.audience).toBe(AUDIENCE);
    }
  });

  it('writes the patterns and claims for each trust', () => {
    const uuid = '\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}';
    const repo = '\\{1de489be-ce6a-42a0-a8c8-eadbf1174ac7\\}';
    expect(wholeRepo.subjectPattern).toBe(`^(?:${repo}:(?:${uuid}:)?${uuid})$`);
    expect(wholeRepo.claims).toEqual({ repositoryUuid: REPO_UUID });
    expect(branchRelease.subjectPattern).toBe(wholeRepo.subjectPattern);
    expect(branchRelease.claims).toEqual({ branchName: 'release/1.x', repositoryUuid: REPO_UUID });
    expect(prod.subjectPattern).toBe(`^(?:${repo}:\\{bd715740-c970-486b-b68a-b421ec2a1f8b\\}:${uuid})$`);
    expect(prod.claims).toEqual({ deploymentEnvironmentUuid: PROD_ENV_UUID, repositoryUuid: REPO_UUID });
    for (const m of Object.values(allMatches)) expect(m.claimPatterns).toEqual({});
  });

  it('writes every pattern fully anchored and grouped, valid in JS and free of non-RE2 syntax', () => {
    for (const m of Object.values(allMatches)) {
      for (const p of [m.subjectPattern, ...Object.values(m.claimPatterns)]) {
        expect(p).toMatch(/^\^\(\?:.*\)\$$/);
        expect(() => new RegExp(p)).not.toThrow();
        expect(() => new RegExp(p, 'u')).not.toThrow(); // stricter parser: no stray escapes
        expect(usesNonRe2Syntax(p)).toBe(false);
        expect(p).not.toContain('.*');
      }
    }
  });
});

describe('verifyToken: the intended steps are accepted', () => {
  it('branch trust: normal and deployment steps on the branch', () => {
    expectAccepted(branchMain, stepToken('main'));
    expectAccepted(branchMain, deploymentToken(PROD_ENV_UUID, 'main'));
    expectAccepted(branchRelease, stepToken('release/1.x'));
  });

  it('repository trust: any step on any branch, deployment or not', () => {
    expectAccepted(wholeRepo, stepToken('main'));
    expectAccepted(wholeRepo, stepToken('feature/x'));
    expectAccepted(wholeRepo, deploymentToken(STAGING_ENV_UUID, 'dev'));
  });

  it('environment trust: deployment steps to that environment, from any branch', () => {
    expectAccepted(prod, deploymentToken(PROD_ENV_UUID, 'main'));
    expectAccepted(prod, deploymentToken(PROD_ENV_UUID, 'hotfix'));
  });

  it('accepts when one of several audiences matches', () => {
    expectAccepted(branchMain, stepToken('main', { aud: ['https://other.example', AUDIENCE] }));
  });

  it('accepts uppercase step UUIDs (the UUID class is case-insensitive)', () => {
    expectAccepted(wholeRepo, stepToken('main', { sub: `${REPO_UUID}:${STEP_UUID.toUpperCase()}` }));
  });
});

describe('verifyToken: everything else is refused', () => {
  it('a step of another repository in the same workspace', () => {
    for (const m of Object.values(allMatches)) {
      expectRefused(m, stepToken('main', { sub: `${OTHER_REPO_UUID}:${STEP_UUID}`, repositoryUuid: OTHER_REPO_UUID }), /subject/);
      // Even if a forged claim said otherwise, sub decides; and a lying claim alone fails too.
      const branch = m.claims.branchName ?? 'main';
      expectAccepted(m, deploymentToken(PROD_ENV_UUID, branch));
      expectRefused(m, deploymentToken(PROD_ENV_UUID, branch, { repositoryUuid: OTHER_REPO_UUID }), /repository \(claim repositoryUuid\)/);
    }
  });

  it('a token for another workspace (audience) or from another issuer', () => {
    for (const m of Object.values(allMatches)) {
      expectRefused(m, deploymentToken(PROD_ENV_UUID, 'main', { aud: 'ari:cloud:bitbucket::workspace/00000000-0000-0000-0000-000000000000' }), /audience/);
      expectRefused(m, deploymentToken(PROD_ENV_UUID, 'main', { aud: [] }), /audience/);
      expectRefused(m, deploymentToken(PROD_ENV_UUID, 'main', { iss: ISSUER.replace('bbcitest', 'evil') }), /issuer/);
      expectRefused(m, deploymentToken(PROD_ENV_UUID, 'main', { iss: `${ISSUER}/` }), /issuer/);
    }
  });

  it.each(['main-old', 'xmain', 'Main', 'main/x', 'mai', ''])('branch trust on main refuses branch %j', (branch) => {
    expectRefused(branchMain, stepToken(branch), /branch \(claim branchName\)/);
  });

  it('branch trust refuses "release/1x" for "release/1.x" (the dot is literal)', () => {
    expectRefused(branchRelease, stepToken('release/1x'), /branchName/);
    expectRefused(branchRelease, stepToken('release/1.xx'), /branchName/);
  });

  it('branch trust refuses a token without branchName', () => {
    const token = stepToken('main');
    delete token.branchName;
    expectRefused(branchMain, token, /has no branch/);
  });

  it('environment trust refuses another environment, and normal steps', () => {
    expectRefused(prod, deploymentToken(STAGING_ENV_UUID, 'main'), /subject/);
    expectRefused(prod, deploymentToken(PROD_ENV_UUID, 'main', { deploymentEnvironmentUuid: STAGING_ENV_UUID }), /deployment environment/);
    expectRefused(prod, stepToken('main'), /subject/);
  });

  it.each([
    ['text before', `x${REPO_UUID}:${STEP_UUID}`],
    ['text after', `${REPO_UUID}:${STEP_UUID}x`],
    ['a trailing newline', `${REPO_UUID}:${STEP_UUID}\n`],
    ['a leading newline', `\n${REPO_UUID}:${STEP_UUID}`],
    ['an extra segment', `${REPO_UUID}:${PROD_ENV_UUID}:${STEP_UUID}:${STEP_UUID}`],
    ['a missing step', `${REPO_UUID}:`],
    ['unbraced step', `${REPO_UUID}:${STEP_UUID.slice(1, -1)}`],
    ['a non-UUID step', `${REPO_UUID}:{anything-goes-here-xxxxxxxxxxxxxxxxxx}`],
    ['the repo only', REPO_UUID],
  ])('refuses a sub with %s', (_what, sub) => {
    for (const m of [branchMain, wholeRepo]) expectRefused(m, stepToken('main', { sub }), /subject/);
    expectRefused(prod, deploymentToken(PROD_ENV_UUID, 'main', { sub }), /subject/);
  });

  it('environment trust refuses a sub with text around the environment step', () => {
    const sub = `${REPO_UUID}:${PROD_ENV_UUID}:${STEP_UUID}`;
    for (const bad of [`x${sub}`, `${sub}x`, `${sub}\n`]) expectRefused(prod, deploymentToken(PROD_ENV_UUID, 'main', { sub: bad }), /subject/);
  });
});

describe('verifyToken: claim handling', () => {
  const base: ClaimMatch = { ...branchMain, claims: {}, claimPatterns: {} };

  it('treats a missing claim as refused and names it', () => {
    expectRefused({ ...base, claims: { pipelineUuid: 'x' } }, stepToken(), /has no claim pipelineUuid/);
    expectRefused({ ...base, claimPatterns: { pipelineUuid: '^(?:x)$' } }, stepToken(), /has no claim pipelineUuid/);
  });

  it('compares booleans as "true"/"false" and refuses other non-text claims', () => {
    expectAccepted({ ...base, claims: { compliant: 'true' } }, stepToken('main', { compliant: true }));
    expectRefused({ ...base, claims: { n: '1' } }, stepToken('main', { n: 1 }), /has no claim n/);
  });

  it('applies claim patterns', () => {
    expectAccepted({ ...base, claimPatterns: { branchName: '^(?:release/.+)$' } }, stepToken('release/2'));
    expectRefused({ ...base, claimPatterns: { branchName: '^(?:release/.+)$' } }, stepToken('main'), /does not match/);
  });

  it('refuses a pattern whose meaning depends on anchoring', () => {
    // Unanchored "main" matches "main-old" as written but not with anchors added.
    expectRefused({ ...base, claimPatterns: { branchName: 'main' } }, stepToken('main-old'), /depending on anchoring/);
    expectRefused({ ...base, subjectPattern: '\\{' }, stepToken(), /depending on anchoring/);
  });

  it('refuses a pattern that does not compile', () => {
    expectRefused({ ...base, subjectPattern: '(' }, stepToken(), /not a valid regular expression/);
  });

  it('says which claims it checked when accepting', () => {
    expect(verifyToken(branchMain, stepToken()).reason).toBe(
      'accepted: issuer, audience and subject match, and branch (claim branchName), repository (claim repositoryUuid) match',
    );
  });
});

describe('usesNonRe2Syntax', () => {
  it('flags lookaround and backreferences only', () => {
    for (const p of ['(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '(a)\\1', '(?<n>a)\\k<n>']) expect(usesNonRe2Syntax(p)).toBe(true);
    for (const p of ['^(?:a)$', '(?i)a', '\\{x\\}', '[0-9]{8}']) expect(usesNonRe2Syntax(p)).toBe(false);
  });
});

describe('branch names with regex and HCL metacharacters', () => {
  it('are matched exactly (claims are literals, never patterns)', () => {
    // No braces: a trusted branch may not hold them (they are glob alternatives in bitbucket-pipelines.yml).
    const branch = 'feat/a+b(c)$|x"$y%z';
    const m = matchFor({ trust: { kind: 'branch', branch } });
    expect(m.claims.branchName).toBe(branch);
    expectAccepted(m, stepToken(branch));
    expectRefused(m, stepToken('feat/aab(c)$|x"$y%z'), /branchName/);
  });
});
