// A link to a pull request (through ExternalLink: only https, opened by Bitbucket).
import type { PullRequestRef } from '@app/usecases/types';
import { ExternalLink } from './ExternalLink';

/** `text`: the link's words where "View pull request #N" would repeat a nearby link. */
export function PullRequestLink({ pullRequest, text }: { pullRequest: PullRequestRef; text?: string }) {
  return <ExternalLink url={pullRequest.url}>{text ?? `View pull request #${pullRequest.id}`}</ExternalLink>;
}
