// The manifest asks for exactly the Bitbucket scopes of the operations the
// client calls, as Atlassian's OpenAPI spec states them: none missing (calls
// would fail with 403 in production, though not in the all-scopes dev
// environment) and none extra (admins would consent to more than we use).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { USED_OPERATIONS, type OperationRef } from '../../src/bitbucket';
import { forgeScopesForLegacy } from '../../src/forge/oauth-scopes';

interface SpecOperation {
  security?: Record<string, string[]>[];
  'x-atlassian-oauth2-scopes'?: { state: string; scheme: string; scopes: string[] }[];
}
const spec = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/reference/bitbucket-cloud-openapi.v3.json'), 'utf8'),
) as { paths: Record<string, Record<string, SpecOperation>> };

const manifest = parse(readFileSync(path.resolve(process.cwd(), 'manifest.yml'), 'utf8')) as {
  permissions: { scopes: string[] };
};

function specOperation(op: OperationRef): SpecOperation {
  const found = spec.paths[op.pathTemplate]?.[op.method.toLowerCase()];
  if (!found) throw new Error(`The spec has no operation ${op.method} ${op.pathTemplate}`);
  return found;
}

/** The operation's granular (Forge) scopes, from `x-atlassian-oauth2-scopes`. */
function granularScopes(op: OperationRef): string[] {
  const entries = specOperation(op)['x-atlassian-oauth2-scopes'] ?? [];
  return [...new Set(entries.filter((e) => e.state === 'Current').flatMap((e) => e.scopes))].sort();
}

/** The operation's legacy OAuth scopes, from `security`. */
function legacyScopes(op: OperationRef): string[] {
  return (specOperation(op).security ?? []).flatMap((s) => s.oauth2 ?? []);
}

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}

/**
 * Operations whose legacy `security` in the spec names less than their granular
 * scopes. Starting a pipeline is a write, and the granular scopes (the ones
 * Forge enforces) say so; the legacy entry says only `pipeline`.
 */
const LEGACY_UNDERSTATED: Record<string, string> = {
  'POST /repositories/{workspace}/{repo_slug}/pipelines': 'security: pipeline; x-atlassian-oauth2-scopes: read+write:pipeline',
};

const declared = manifest.permissions.scopes;
const declaredBitbucket = declared.filter((s) => s.endsWith(':bitbucket')).sort();

describe('Bitbucket scopes in manifest.yml', () => {
  it('the client reports the operations it calls', () => {
    expect(USED_OPERATIONS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(USED_OPERATIONS.map((op) => [`${op.method} ${op.pathTemplate}`, op] as const))(
    '%s has granular scopes in the spec, and they all are declared',
    (_name, op) => {
      const scopes = granularScopes(op);
      expect(scopes.length, 'an operation without Forge scopes cannot be called from Forge').toBeGreaterThan(0);
      expect(declaredBitbucket).toEqual(expect.arrayContaining(scopes));
    },
  );

  it('equal the union of the scopes of the operations the client calls: none missing, none extra', () => {
    expect(declaredBitbucket).toEqual(union(USED_OPERATIONS.map(granularScopes)));
  });

  it('agree with the legacy OAuth scopes of the same operations, mapped to Forge scopes', () => {
    for (const op of USED_OPERATIONS) {
      const key = `${op.method} ${op.pathTemplate}`;
      const mapped = forgeScopesForLegacy(legacyScopes(op));
      if (key in LEGACY_UNDERSTATED) {
        // Keeps the exception honest: it must still be needed.
        expect(mapped, key).not.toEqual(expect.arrayContaining(granularScopes(op)));
        continue;
      }
      // A legacy scope may stand for more (write implied read), never for less.
      expect(mapped, key).toEqual(expect.arrayContaining(granularScopes(op)));
    }
    const needed = USED_OPERATIONS.map((op) =>
      `${op.method} ${op.pathTemplate}` in LEGACY_UNDERSTATED ? granularScopes(op) : forgeScopesForLegacy(legacyScopes(op)),
    );
    expect(union(needed)).toEqual(declaredBitbucket);
  });

  it('besides Bitbucket, ask only for app storage', () => {
    expect(declared.filter((s) => !s.endsWith(':bitbucket'))).toEqual(['storage:app']);
    expect(new Set(declared).size).toBe(declared.length);
  });
});

describe('legacy scope mapping', () => {
  it('refuses a legacy scope it does not know, saying where to add it', () => {
    expect(() => forgeScopesForLegacy(['snippet'])).toThrow(/oauth-scopes\.ts/);
  });
});
