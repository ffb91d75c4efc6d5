// The values Bitbucket shows on "Repository settings → OpenID Connect".
// There is no REST endpoint for that page, so they are rebuilt from the
// repository facts exactly as Bitbucket forms them (notes/bitbucket.md §1.1).
import { normalizeFacts } from './facts';
import type { OidcSettings, RepositoryFacts } from './types';
import { bareUuid } from './uuid';

/** Issuer of the workspace's step tokens: keyed by the workspace slug, not its UUID. */
export function oidcIssuer(workspaceSlug: string): string {
  return `https://api.bitbucket.org/2.0/workspaces/${encodeURIComponent(workspaceSlug)}/pipelines-config/identity/oidc`;
}

/** Default audience of step tokens: the workspace UUID without braces. */
export function oidcAudience(workspaceUuid: string): string {
  return `ari:cloud:bitbucket::workspace/${bareUuid(workspaceUuid)}`;
}

/** Throws (with the reason) when the facts are not valid Bitbucket values. */
export function oidcSettings(facts: RepositoryFacts): OidcSettings {
  const f = normalizeFacts(facts);
  return {
    issuer: oidcIssuer(f.workspace.slug),
    audience: oidcAudience(f.workspace.uuid),
    workspaceSlug: f.workspace.slug,
    workspaceUuid: f.workspace.uuid,
    repositorySlug: f.repository.slug,
    repositoryUuid: f.repository.uuid,
    environments: f.environments,
  };
}
