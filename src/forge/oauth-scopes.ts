// Bitbucket's OpenAPI spec names each operation's permission twice: as a
// legacy OAuth scope (`security: [{oauth2: ["repository:write"]}]`) and as the
// granular scopes Forge uses (`x-atlassian-oauth2-scopes`). This table, taken
// from the scope table in the project's Forge notes, says which Forge scopes
// each legacy scope stands for. A legacy write scope also granted read, which
// Forge's granular scopes do not ("write does not imply read"), hence the pairs.
// test/forge/scopes.test.ts checks it against the spec for every operation we call.
export const FORGE_SCOPES_FOR_LEGACY_SCOPE: Readonly<Record<string, readonly string[]>> = {
  repository: ['read:repository:bitbucket'],
  'repository:write': ['read:repository:bitbucket', 'write:repository:bitbucket'],
  'repository:admin': ['admin:repository:bitbucket'],
  'repository:delete': ['delete:repository:bitbucket'],
  pullrequest: ['read:pullrequest:bitbucket'],
  'pullrequest:write': ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'],
  pipeline: ['read:pipeline:bitbucket'],
  'pipeline:write': ['read:pipeline:bitbucket', 'write:pipeline:bitbucket'],
  'pipeline:variable': ['admin:pipeline:bitbucket'],
  project: ['read:project:bitbucket'],
  'project:admin': ['admin:project:bitbucket'],
  account: ['read:workspace:bitbucket', 'read:user:bitbucket'],
  runner: ['read:runner:bitbucket'],
  'runner:write': ['read:runner:bitbucket', 'write:runner:bitbucket'],
};

/** Forge scopes a set of legacy OAuth scopes stands for; throws on a name the table lacks, so it gets added, not skipped. */
export function forgeScopesForLegacy(legacyScopes: readonly string[]): string[] {
  const scopes = new Set<string>();
  for (const legacy of legacyScopes) {
    const mapped = FORGE_SCOPES_FOR_LEGACY_SCOPE[legacy];
    if (!mapped) {
      throw new Error(`No Forge scope is known for the legacy OAuth scope "${legacy}"; add it to src/forge/oauth-scopes.ts.`);
    }
    mapped.forEach((s) => scopes.add(s));
  }
  return [...scopes].sort();
}
