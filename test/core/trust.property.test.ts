// Property: the identity generated for any repository and trust accepts the
// steps it is meant for and refuses look-alikes. No HCL parsing: fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimMatchFor, verifyToken } from '../../src/core/trust';
import { normalizeUuid } from '../../src/core/uuid';
import { resolveChoices } from '../../src/core/validation';
import { factsWith, validInputsFrom } from './arbitraries';

// Environment names and descriptions do not affect trust: keep them cheap.
const inputArb = validInputsFrom(factsWith(fc.constant('env')), fc.constant('d'));

describe('trust of generated identities (property-based)', () => {
  it('accepts the intended steps and refuses another repository, workspace or branch', () => {
    fc.assert(
      fc.property(inputArb, fc.uuid(), fc.uuid(), ({ facts, choices }, step, other) => {
        const r = resolveChoices(facts, choices);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        const match = claimMatchFor(facts, r.value);
        for (const p of [match.subjectPattern, ...Object.values(match.claimPatterns)]) {
          expect(p.startsWith('^(?:') && p.endsWith(')$')).toBe(true);
          expect(() => new RegExp(p, 'u')).not.toThrow();
        }
        const repo = normalizeUuid(facts.repository.uuid)!;
        const trust = r.value.trust;
        const env = trust.kind === 'environment' ? trust.environmentUuid : null;
        const branch = trust.kind === 'branch' ? trust.branch : facts.repository.mainBranch;
        const stepUuid = `{${step}}`;
        const token = {
          iss: match.issuer,
          aud: match.audience,
          sub: env ? `${repo}:${env}:${stepUuid}` : `${repo}:${stepUuid}`,
          repositoryUuid: repo,
          branchName: branch,
          ...(env ? { deploymentEnvironmentUuid: env } : {}),
        };
        expect(verifyToken(match, token).accepted).toBe(true);
        const otherRepo = `{${other}}`;
        if (otherRepo !== repo) {
          expect(verifyToken(match, { ...token, sub: token.sub.replace(repo, otherRepo), repositoryUuid: otherRepo }).accepted).toBe(false);
        }
        expect(verifyToken(match, { ...token, aud: `ari:cloud:bitbucket::workspace/${other}` }).accepted).toBe(other === match.audience.split('/')[1]);
        expect(verifyToken(match, { ...token, sub: `${token.sub}\n` }).accepted).toBe(false);
        expect(verifyToken(match, { ...token, sub: `x${token.sub}` }).accepted).toBe(false);
        if (trust.kind === 'branch') {
          expect(verifyToken(match, { ...token, branchName: `${branch}-old` }).accepted).toBe(false);
          expect(verifyToken(match, { ...token, branchName: `x${branch}` }).accepted).toBe(false);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
