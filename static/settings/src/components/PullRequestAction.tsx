// "Open pull request": progress, then the outcome, which takes focus and is
// announced. An already-open pull request is shown instead of a button that
// would open a second one.
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { IdentityChoices, PipelineSelection } from '@app/core/types';
import type { OpenPullRequestData, SetupData, UseCaseError } from '@app/usecases/types';
import { call } from '../bridge-call';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';
import { PullRequestLink } from './PullRequestLink';

type Progress = { kind: 'idle' } | { kind: 'working'; updating: boolean } | { kind: 'done'; data: OpenPullRequestData } | { kind: 'failed'; error: UseCaseError };

export interface PullRequestActionProps {
  /** The open pull request as the page knows it now (loaded, or opened here). */
  existing: SetupData['openPullRequest'];
  choices: IdentityChoices;
  selection: PipelineSelection;
  /** False while the plan shows nothing to change or an error. */
  canOpen: boolean;
  /** Told every outcome, so the checklist follows what happened. */
  onOutcome?: (data: OpenPullRequestData) => void;
}

export function PullRequestAction({ existing, choices, selection, canOpen, onOutcome }: PullRequestActionProps) {
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [announcement, setAnnouncement] = useState('');

  // Focus moves to the outcome once it is there, so a keyboard or screen reader user lands on it.
  useEffect(() => {
    if (progress.kind === 'done' || progress.kind === 'failed') outcomeRef.current?.focus();
  }, [progress]);

  /** `allowAccess` is set by the "Allow access" button: the resolver then lets Forge ask for consent. */
  async function submit(allowAccess = false) {
    const known = existing.available && existing.value !== null;
    setProgress({ kind: 'working', updating: known });
    setAnnouncement('');
    const result = await call('openPullRequest', allowAccess ? { choices, selection, allowAccess } : { choices, selection });
    if (result.ok) {
      setProgress({ kind: 'done', data: result.data });
      setAnnouncement(`${outcomeTitle(result.data)}.`);
      onOutcome?.(result.data);
    } else {
      setProgress({ kind: 'failed', error: result.error });
      setAnnouncement('The pull request was not opened: the reason is shown below.');
    }
  }

  return (
    <div>
      {/* Always in the page, so the outcome placed in it is announced. */}
      <div role="status" aria-live="polite" style={visuallyHidden}>
        {announcement}
      </div>
      <Body progress={progress} existing={existing} canOpen={canOpen} submit={submit} outcomeRef={outcomeRef} />
    </div>
  );
}

function Body({
  progress,
  existing,
  canOpen,
  submit,
  outcomeRef,
}: {
  progress: Progress;
  existing: SetupData['openPullRequest'];
  canOpen: boolean;
  submit: (allowAccess?: boolean) => Promise<void>;
  outcomeRef: React.RefObject<HTMLDivElement>;
}) {
  if (progress.kind === 'working') {
    return (
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
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
    const data = progress.data;
    return (
      <div ref={outcomeRef} tabIndex={-1} data-testid="pull-request-outcome">
        <PullRequestOutcome data={data}>
          {/* A person's commits are left to them: nothing here invites an update. */}
          {data.pullRequest && data.outcome !== 'edited-by-person' ? (
            <Button onClick={() => void submit()} isDisabled={!canOpen}>
              Update pull request
            </Button>
          ) : null}
        </PullRequestOutcome>
      </div>
    );
  }

  const pullRequest = existing.available ? existing.value : null;
  return (
    <div>
      {progress.kind === 'failed' ? (
        <div ref={outcomeRef} tabIndex={-1}>
          <ErrorNotice error={progress.error} onRetry={() => void submit(false)} onAllowAccess={() => void submit(true)} />
        </div>
      ) : null}
      {!existing.available ? <p>Could not check for an open pull request: {existing.reason}</p> : null}
      {pullRequest ? (
        <Notice appearance="information" title={`Pull request #${pullRequest.id} is already open`}>
          <p>
            {pullRequest.title} (branch {pullRequest.sourceBranch}). Merge it once steps 2 and 3 are done, or update it with the choices above.
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
      {data.pullRequest && data.outcome !== 'edited-by-person' ? <p>Merge it once steps 2 and 3 are done.</p> : null}
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
        {data.pullRequest ? <PullRequestLink pullRequest={data.pullRequest} /> : null}
        {children}
      </div>
    </Notice>
  );
}

export function outcomeTitle(data: OpenPullRequestData): string {
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

const visuallyHidden: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
