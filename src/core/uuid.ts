// Bitbucket shows UUIDs braced ("{1de489be-...}") and puts them braced into
// OIDC tokens (sub, repositoryUuid, ...), but the audience uses the bare form.
// Everything in the core works on one canonical form: lowercase and braced.

const BARE_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Canonical braced lowercase UUID, or null when `s` is not a UUID (braced or not). */
export function normalizeUuid(s: string): string | null {
  const trimmed = s.trim();
  const braced = trimmed.startsWith('{') && trimmed.endsWith('}');
  const bare = braced ? trimmed.slice(1, -1) : trimmed;
  if (!BARE_UUID.test(bare)) return null;
  return `{${bare.toLowerCase()}}`;
}

/** The UUID without braces (as the Bitbucket OIDC audience wants it). */
export function bareUuid(bracedUuid: string): string {
  return bracedUuid.replace(/^\{/, '').replace(/\}$/, '');
}
