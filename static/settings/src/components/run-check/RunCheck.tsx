// "Run check": starts the check pipeline, follows it, and says in words whether
// the login worked and, if not, why and what to do. Shown in the pipeline
// section (and the checklist's last step); the hook state is shared, so both
// places show the same run.
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { ExternalLink } from '../ExternalLink';
import type { CheckFailure, CheckRunView } from '@app/usecases/check-types';
import { Notice } from '../Notice';
import { describeLastCheck } from './last-check';
import type { CheckReadiness } from './readiness';
import type { CheckRun } from './use-check-run';

export interface RunCheckProps {
  check: CheckRun;
  readiness: CheckReadiness;
  /** "workspace/repo" for the link to the run in Bitbucket. */
  fullName: string;
  now?: () => number;
}

const busy = (kind: CheckRun['state']['kind']) => kind === 'starting' || kind === 'following';

export function RunCheck({ check, readiness, fullName, now = Date.now }: RunCheckProps) {
  const { state } = check;
  const disabled = !readiness.ready || busy(state.kind);
  const reasonId = 'run-check-disabled-reason';
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <p style={{ margin: 0 }}>
        Runs the custom pipeline <code>chainguard-oidc</code> on <code>{readiness.branch}</code>: it logs in to Chainguard with the step&apos;s token
        and lists the organization&apos;s repositories.
      </p>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Button appearance="primary" onClick={check.start} isDisabled={disabled} aria-describedby={readiness.ready ? undefined : reasonId}>
          Run check
        </Button>
        {!readiness.ready ? (
          <span id={reasonId} style={{ color: 'var(--ds-text-subtle, #44546F)' }}>
            {readiness.reason}
          </span>
        ) : null}
      </div>
      <div role="status" aria-live="polite">
        <LiveStatus check={check} fullName={fullName} now={now} />
      </div>
    </div>
  );
}

function runLink(run: CheckRunView, fullName: string): string | null {
  if (run.url) return run.url;
  return run.buildNumber === null ? null : `https://bitbucket.org/${fullName}/pipelines/results/${run.buildNumber}`;
}

function RunLink({ run, fullName }: { run: CheckRunView; fullName: string }) {
  const href = runLink(run, fullName);
  if (!href) return null;
  return <ExternalLink url={href}>Open run #{run.buildNumber} in Bitbucket</ExternalLink>;
}

function LiveStatus({ check, fullName, now }: { check: CheckRun; fullName: string; now: () => number }) {
  const { state, last } = check;
  switch (state.kind) {
    case 'idle':
      return last ? <p style={{ margin: 0 }}>{describeLastCheck(last.run, now())}</p> : null;
    case 'starting':
      return <Progress text="Starting the check…" />;
    case 'following':
      return <Progress text={state.run.phase === 'queued' ? `Check queued (run #${state.run.buildNumber ?? '?'})…` : `Check running (run #${state.run.buildNumber ?? '?'})…`} />;
    case 'refused':
      return (
        <Notice appearance="error" title="Check failed">
          <p>{state.reason}</p>
          <p>{state.advice}</p>
        </Notice>
      );
    case 'error':
      return (
        <Notice appearance="error" title="The check could not be run">
          <p>{state.message}</p>
        </Notice>
      );
    case 'gave-up':
      return (
        <Notice appearance="warning" title="Still not finished after 15 minutes">
          <p>The page stopped following the run; it may be waiting for a runner or build minutes.</p>
          <RunLink run={state.run} fullName={fullName} />
        </Notice>
      );
    case 'done': {
      const { run, failure, repositoryCount } = state.status;
      if (run.phase === 'passed') {
        return (
          <Notice appearance="success" title="Check passed">
            <p>
              The login worked: the step exchanged its Bitbucket token for a Chainguard token
              {repositoryCount !== null ? `, and the organization listing returned ${repositoryCount} ${repositoryCount === 1 ? 'repository' : 'repositories'}` : ''}.
            </p>
            <RunLink run={run} fullName={fullName} />
          </Notice>
        );
      }
      if (run.phase === 'stopped') {
        return (
          <Notice appearance="warning" title="Check stopped">
            <p>Someone stopped the run before it finished. Run the check again.</p>
            <RunLink run={run} fullName={fullName} />
          </Notice>
        );
      }
      return <Failure failure={failure} run={run} fullName={fullName} />;
    }
  }
}

function Progress({ text }: { text: string }) {
  return (
    <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <Spinner size="small" label={text} />
      <span>{text}</span>
    </span>
  );
}

function Failure({ failure, run, fullName }: { failure: CheckFailure | null; run: CheckRunView; fullName: string }) {
  if (!failure) {
    return (
      <Notice appearance="error" title="Check failed">
        <p>The run failed; open it in Bitbucket to see why.</p>
        <RunLink run={run} fullName={fullName} />
      </Notice>
    );
  }
  return (
    <Notice appearance="error" title="Check failed">
      <p>{failure.reason}</p>
      <p>{failure.advice}</p>
      {failure.claims ? <ClaimsTable failure={failure} /> : null}
      {failure.kind === 'unknown' && failure.lastLines.length > 0 ? (
        <pre aria-label="Last lines of the step" style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
          {failure.lastLines.join('\n')}
        </pre>
      ) : failure.lastLines.length > 0 ? (
        <details>
          <summary>What the step printed</summary>
          <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{failure.lastLines.join('\n')}</pre>
        </details>
      ) : null}
      {failure.logNote ? <p>{failure.logNote}</p> : null}
      <RunLink run={run} fullName={fullName} />
    </Notice>
  );
}

function ClaimsTable({ failure }: { failure: CheckFailure }) {
  const claims = failure.claims;
  if (!claims) return null;
  const rows: [string, string | null, string | null][] = [
    ['Branch (branchName)', claims.carried.branch, claims.required.branch],
    ['Deployment environment', claims.carried.environment, claims.required.environment],
    ['Repository (repositoryUuid)', claims.carried.repository, claims.required.repository],
  ];
  return (
    <div>
      {claims.refused ? (
        <p>
          Chainguard named the claim <code>{claims.refused.claim}</code>
          {claims.refused.value ? (
            <>
              {' '}
              (the token said <code>{claims.refused.value}</code>)
            </>
          ) : null}
          . If the two columns agree, the identity in Chainguard was applied from other choices: apply this page&apos;s Terraform again.
        </p>
      ) : null}
      <table aria-label="Token claims and what the identity requires">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">The step&apos;s token</th>
            <th scope="col">The identity requires (this page&apos;s Terraform)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, carried, required]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{carried ?? '—'}</td>
              <td>{required ?? 'any'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
