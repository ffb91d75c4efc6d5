// A link to a pull request. The iframe cannot open pop-ups or navigate the top
// page; router.open asks Bitbucket to. Only https links are followed: the URL
// comes from an API answer.
import { router } from '@forge/bridge';
import type { PullRequestRef } from '@app/usecases/types';

/** `text`: the link's words where "View pull request #N" would repeat a nearby link. */
export function PullRequestLink({ pullRequest, text }: { pullRequest: PullRequestRef; text?: string }) {
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
      {text ?? `View pull request #${pullRequest.id}`}
    </a>
  );
}
