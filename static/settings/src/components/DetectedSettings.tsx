// What Bitbucket says about this repository (its OpenID Connect settings page).
// Nothing here is typed by the admin. Only values people paste elsewhere (UUIDs,
// the issuer, the audience) get a Copy button; the verdicts of steps that
// already have oidc: true are in step 4, recomputed as the choices change.
import { memo } from 'react';
import type { SetupData } from '@app/usecases/types';
import { SettingRow, Unavailable } from './SettingRow';

// Memoised: its props rarely change while the admin types elsewhere on the page.
export const DetectedSettings = memo(function DetectedSettings({ setup }: { setup: SetupData }) {
  const { facts, oidc } = setup;
  const environments = facts.environments.map((env) => env.name).join(', ');
  return (
    <table style={{ borderCollapse: 'collapse' }}>
      <tbody>
        <SettingRow label="Workspace" value={oidc.workspaceSlug} copy={false} />
        <SettingRow label="Workspace UUID" value={oidc.workspaceUuid} />
        <SettingRow label="Repository" value={oidc.repositorySlug} copy={false} />
        <SettingRow label="Repository UUID" value={oidc.repositoryUuid} />
        <SettingRow label="Identity provider URL" value={oidc.issuer} />
        <SettingRow label="Audience" value={oidc.audience} />
        <SettingRow label="Main branch" value={facts.repository.mainBranch} copy={false} />
        <SettingRow label="Pipelines" copy={false}>
          <PipelinesStatus setup={setup} />
        </SettingRow>
        <SettingRow label="Deployment environments" copy={false}>
          {environments ? (
            <span>{environments}</span>
          ) : setup.environmentsUnavailable ? (
            <Unavailable reason={setup.environmentsUnavailable} />
          ) : (
            <span>None. Add them in Repository settings → Pipelines → Deployments.</span>
          )}
        </SettingRow>
      </tbody>
    </table>
  );
});

function PipelinesStatus({ setup }: { setup: SetupData }) {
  const enabled = setup.pipelinesEnabled;
  if (!enabled.available) return <Unavailable reason={enabled.reason} />;
  return <span>{enabled.value ? 'On' : 'Off (see the notice at the top)'}</span>;
}
