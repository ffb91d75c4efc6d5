// Where this app's page of a repository lives on bitbucket.org. The address
// is `/{workspace}/{repo}/admin/forge/{forgeAppId}/{moduleKey}` (Forge's
// bitbucket:repoSettingsMenuPage docs). The page learns the app ID from its
// context's localId, an extension ARI on Forge
// (ari:cloud:ecosystem::extension/{appId}/{environmentId}/static/{moduleKey});
// without one (the local preview) it links to the repository's settings.
// Unverified on a real deploy: the localId form is Forge's usual one, not
// documented for Bitbucket.

/** The module key of the repository page in manifest.yml. */
export const REPOSITORY_PAGE_MODULE = 'chainguard-oidc-settings';

const EXTENSION_ARI = /^ari:cloud:ecosystem::extension\/([0-9a-f-]{36})\//;

export function forgeAppIdFrom(localId: string | undefined): string | null {
  return EXTENSION_ARI.exec(localId ?? '')?.[1] ?? null;
}

/** The repository's page of this app, or its settings when the app ID is unknown. */
export function repositoryPageUrl(repositoryUrl: string, appId: string | null): string {
  const base = repositoryUrl.replace(/\/+$/, '');
  return appId ? `${base}/admin/forge/${appId}/${REPOSITORY_PAGE_MODULE}` : `${base}/admin`;
}
