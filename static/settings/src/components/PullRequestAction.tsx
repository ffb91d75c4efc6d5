// "Open pull request": progress, then a link to it. An already-open pull request
// is shown instead of a button that would open a second one.
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { router } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import type { IdentityChoices, PipelineSelection } from '@app/core/types';
import type { OpenPullRequestData, PullRequestRef, SetupData, UseCaseError } from '@app/usecases/types';
import { call } from '../bridge-call';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Progress = { kind: 'idle' } | { kind: 'working'; updating: boolean } | { kind: 'done'; data: OpenPullRequestData } | { kind: 'failed'; error: UseCaseError };

export interface PullRequestActionProps {
  existing: SetupData['openPullRequest'];
  choices: IdentityChoices;
  selection: PipelineSelection;
  /** False while the plan shows nothing to change or an error. */
  canOpen: boolean;
}

export function PullRequestAction({ existing, choices, selection, canOpen }: PullRequestActionProps) {
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });

  /** `allowAccess` is set by the "Allow access" button: the resolver then lets Forge ask for consent. */
  async function submit(allowAccess = false) {
    // Updating when a pull request is already known (open on load, or opened by an earlier click).
    const known = progress.kind === 'done' ? progress.data.pullRequest !== null : existing.available && existing.value !== null;
    setProgress({ kind: 'working', updating: known });
    const result = await call('openPullRequest', allowAccess ? { choices, selection, allowAccess } : { choices, selection });
    setProgress(result.ok ? { kind: 'done', data: result.data } : { kind: 'failed', error: result.error });
  }

  if (progress.kind === 'working') {
    return (
      <div role="status" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Spinner size="small" label={progress.updating ? 'Updating pull request' : 'Opening pull request'} />
        <span>
          {progress.updating
            ? 'Updating the pull request: committing bitbucket-pipelines.yml to its branch…'
            : 'Opening the pull request: creating the branch and committing bitbucket-pipelines.yml…'}
        </span>
      </div>
    );
  }
  if (progress.kind === 'done') {
    return (
      <PullRequestOutcome data={progress.data}>
        {progress.data.pullRequest ? (
          <Button onClick={() => void submit()} isDisabled={!canOpen}>
            Update pull request
          </Button>
        ) : null}
      </PullRequestOutcome>
    );
  }

  const pullRequest = existing.available ? existing.value : null;
  return (
    <div>
      {progress.kind === 'failed' ? <ErrorNotice error={progress.error} onRetry={() => void submit(false)} onAllowAccess={() => void submit(true)} /> : null}
      {!existing.available ? <p>Could not check for an open pull request: {existing.reason}</p> : null}
      {pullRequest ? (
        <Notice appearance="information" title={`Pull request #${pullRequest.id} is already open`}>
          <p>
            {pullRequest.title} (branch {pullRequest.sourceBranch}). Merge it to turn on OIDC, or update it with the choices above.
          </p>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
            <PullRequestLink pullRequest={pullRequest} />
            <Button onClick={() => void submit()} isDisabled={!canOpen}>
              Update pull request
            </Button>
          </div>
        </Notice>
      ) : (
        <Button appearance="primary" onClick={() => void submit()} isDisabled={!canOpen}>
          Open pull request
        </Button>
      )}
    </div>
  );
}

/** `children`: a follow-up action (updating the pull request after the choices change). */
function PullRequestOutcome({ data, children }: { data: OpenPullRequestData; children?: ReactNode }) {
  const appearance = data.outcome === 'edited-by-person' ? 'warning' : 'success';
  return (
    <Notice appearance={appearance} title={outcomeTitle(data)}>
      <p>{data.message}</p>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
        {data.pullRequest ? <PullRequestLink pullRequest={data.pullRequest} /> : null}
        {children}
      </div>
    </Notice>
  );
}

function outcomeTitle(data: OpenPullRequestData): string {
  const id = data.pullRequest ? ` #${data.pullRequest.id}` : '';
  switch (data.outcome) {
    case 'created':
      return `Pull request${id} opened`;
    case 'updated':
      return `Pull request${id} updated`;
    case 'unchanged':
      return `Pull request${id} is up to date`;
    case 'edited-by-person':
      return `Pull request${id} was changed by someone: left untouched`;
    case 'no-change':
      return 'Nothing to change';
  }
}

/**
 * The iframe cannot open pop-ups or navigate the top page; router.open asks
 * Bitbucket to. Only https links are followed: the URL comes from an API answer.
 */
function PullRequestLink({ pullRequest }: { pullRequest: PullRequestRef }) {
  const url = /^https:\/\//i.test(pullRequest.url) ? pullRequest.url : null;
  return (
    <a
      href={url ?? undefined}
      aria-disabled={url ? undefined : true}
      onClick={(event) => {
        event.preventDefault();
        // Rejects when the admin declines Bitbucket's "leave the page" prompt: nothing to do then.
        if (url) void router.open(url).catch(() => undefined);
      }}
    >
      {`View pull request #${pullRequest.id}`}
    </a>
  );
}
