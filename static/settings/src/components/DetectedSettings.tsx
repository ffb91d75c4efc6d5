// Section 1: what Bitbucket says about this repository. Nothing here is typed by the admin.
import { memo } from 'react';
import type { SetupData } from '@app/usecases/types';
import { SettingRow, Unavailable } from './SettingRow';
import { stepLabel, TrustVerdict } from './TrustVerdict';

// Memoised: its props rarely change while the admin types elsewhere on the page.
export const DetectedSettings = memo(function DetectedSettings({ setup }: { setup: SetupData }) {
  const { facts, oidc } = setup;
  const environments = facts.environments.map((env) => env.name).join(', ');
  // Every value can be copied (issue: "each value has a copy button"); a missing one cannot.
  const pipelines = setup.pipelinesEnabled.available ? (setup.pipelinesEnabled.value ? 'On' : 'Off') : undefined;
  const oidcSteps = setup.oidcSteps.map((finding) => stepLabel(finding.step)).join('\n');
  return (
    <table style={{ borderCollapse: 'collapse' }}>
      <tbody>
        <SettingRow label="Workspace" value={oidc.workspaceSlug} />
        <SettingRow label="Workspace UUID" value={oidc.workspaceUuid} />
        <SettingRow label="Repository" value={oidc.repositorySlug} />
        <SettingRow label="Repository UUID" value={oidc.repositoryUuid} />
        <SettingRow label="Identity provider URL" value={oidc.issuer} />
        <SettingRow label="Audience" value={oidc.audience} />
        <SettingRow label="Main branch" value={facts.repository.mainBranch} />
        <SettingRow label="Pipelines" copyText={pipelines}>
          <PipelinesStatus setup={setup} />
        </SettingRow>
        <SettingRow label="Deployment environments" value={environments || undefined} copyText={environments}>
          {environments ? null : setup.environmentsUnavailable ? (
            <Unavailable reason={setup.environmentsUnavailable} />
          ) : (
            <span>None. Add them in Repository settings → Pipelines → Deployments.</span>
          )}
        </SettingRow>
        <SettingRow label="Steps with OIDC" copyText={oidcSteps}>
          {setup.oidcSteps.length === 0 ? (
            <span>No step of bitbucket-pipelines.yml has oidc: true yet.</span>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {setup.oidcSteps.map((finding) => (
                <TrustVerdict key={finding.step.id} finding={finding} />
              ))}
            </ul>
          )}
        </SettingRow>
      </tbody>
    </table>
  );
});

function PipelinesStatus({ setup }: { setup: SetupData }) {
  const enabled = setup.pipelinesEnabled;
  if (!enabled.available) return <Unavailable reason={enabled.reason} />;
  if (enabled.value) return <span>On</span>;
  return (
    <span>
      Off. Steps get no OIDC token until Pipelines is on: Repository settings → Pipelines → Settings → Enable Pipelines.
    </span>
  );
}
