// A failed resolver call, in words, with what to do. needs-authentication is not
// an error to the admin: it asks them to allow access. `onAllowAccess` repeats
// the call with `allowAccess: true` (see ConsentOption in src/api/contract.ts),
// which lets Forge show its consent screen; without it, a plain retry is offered.
import Button from '@atlaskit/button/new';
import { Notice } from './Notice';
import type { ErrorCode, UseCaseError } from '@app/usecases/types';

const titles: Record<ErrorCode, string> = {
  'invalid-input': 'Some values need fixing',
  'invalid-pipeline': 'The pipeline file cannot be edited safely',
  'needs-authentication': 'Allow access',
  forbidden: 'Permission missing',
  'not-found': 'Not found',
  conflict: 'The repository changed meanwhile',
  'rate-limited': 'Bitbucket asked us to slow down',
  'bitbucket-unavailable': 'Bitbucket is not answering',
  internal: 'Something went wrong in the app',
};

export function ErrorNotice({ error, onRetry, onAllowAccess }: { error: UseCaseError; onRetry?: () => void; onAllowAccess?: () => void }) {
  if (error.code === 'needs-authentication') {
    const allow = onAllowAccess ?? onRetry;
    return (
      <Notice
        appearance="information"
        title={titles[error.code]}
        actions={
          allow ? (
            <Button appearance="primary" onClick={allow}>
              Allow access
            </Button>
          ) : undefined
        }
      >
        <p>{error.message}</p>
        <p>This app acts as you in Bitbucket. Choose "Allow access", then confirm in the window Atlassian shows.</p>
      </Notice>
    );
  }
  return (
    <Notice
      appearance="error"
      title={titles[error.code]}
      actions={onRetry ? <Button onClick={onRetry}>Try again</Button> : undefined}
    >
      <p>{error.message}</p>
      {error.fields && error.fields.length > 0 ? (
        <ul>
          {error.fields.map((field) => (
            <li key={`${field.field}:${field.message}`}>
              {field.field}: {field.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
