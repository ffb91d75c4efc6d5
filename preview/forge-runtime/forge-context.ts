// The context a Forge host gives a bitbucket:repoSettingsMenuPage or a
// bitbucket:workspaceSettingsMenuPage, both to the page (view.getContext) and
// to the resolver (req.context). Shape from @forge/bridge FullContext and the
// modules' "Extension context" docs.

export interface PreviewRepository {
  workspace: { slug: string; uuid: string };
  repository: { slug: string; uuid: string };
}

export interface PreviewContext {
  accountId: string;
  workspaceId: string;
  cloudId: string;
  localId: string;
  moduleKey: string;
  environmentId: string;
  environmentType: 'DEVELOPMENT';
  locale: string;
  timezone: string;
  siteUrl: string;
  extension: {
    type: 'bitbucket:repoSettingsMenuPage';
    repository: { uuid: string; slug: string; workspace: { uuid: string; slug: string } };
  };
}

/** The workspace settings page's context: the same frame, with the workspace as the extension's subject. */
export type PreviewWorkspaceContext = Omit<PreviewContext, 'extension'> & {
  extension: { type: 'bitbucket:workspaceSettingsMenuPage'; workspace: { uuid: string; slug: string } };
};

/** Either page's context (what the runtime and the invoke route accept). */
export type AnyPreviewContext = PreviewContext | PreviewWorkspaceContext;

/** A fixed account for the preview's single user (Bitbucket account ids look like this). */
export const PREVIEW_ACCOUNT_ID = '557058:00000000-0000-4000-8000-00000000abcd';
export const PREVIEW_MODULE_KEY = 'chainguard-oidc-settings'; // manifest.yml module key
export const PREVIEW_WORKSPACE_MODULE_KEY = 'chainguard-oidc-workspace'; // manifest.yml workspace page key

function bare(uuid: string): string {
  return uuid.replace(/[{}]/g, '');
}

export function buildPreviewContext(target: PreviewRepository, siteUrl: string): PreviewContext {
  return {
    accountId: PREVIEW_ACCOUNT_ID,
    workspaceId: target.workspace.uuid,
    cloudId: bare(target.workspace.uuid),
    localId: `${PREVIEW_MODULE_KEY}-${bare(target.repository.uuid)}`,
    moduleKey: PREVIEW_MODULE_KEY,
    environmentId: '00000000-0000-4000-8000-00000000e4e1',
    environmentType: 'DEVELOPMENT',
    locale: 'en-US',
    timezone: 'UTC',
    siteUrl,
    extension: {
      type: 'bitbucket:repoSettingsMenuPage',
      repository: {
        uuid: target.repository.uuid,
        slug: target.repository.slug,
        workspace: { uuid: target.workspace.uuid, slug: target.workspace.slug },
      },
    },
  };
}

export function buildWorkspacePreviewContext(workspace: PreviewRepository['workspace'], siteUrl: string): PreviewWorkspaceContext {
  const { extension: _repositoryPage, ...frame } = buildPreviewContext({ workspace, repository: { uuid: workspace.uuid, slug: '' } }, siteUrl);
  return {
    ...frame,
    localId: `${PREVIEW_WORKSPACE_MODULE_KEY}-${bare(workspace.uuid)}`,
    moduleKey: PREVIEW_WORKSPACE_MODULE_KEY,
    extension: { type: 'bitbucket:workspaceSettingsMenuPage', workspace: { uuid: workspace.uuid, slug: workspace.slug } },
  };
}

/** The second argument the Forge runtime passes a function (what @forge/resolver overlays on the context). */
export function buildRuntimePayload(context: AnyPreviewContext) {
  return {
    principal: { accountId: context.accountId },
    installContext: `ari:cloud:bitbucket::workspace/${bare(context.workspaceId)}`,
    installation: { id: `preview-${bare(context.workspaceId)}` },
  };
}
