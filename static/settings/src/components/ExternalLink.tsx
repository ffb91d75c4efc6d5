// A link out of the iframe: Custom UI cannot navigate the top page, so
// router.open asks Bitbucket to. Only https links are followed, since the
// addresses come from API answers.
import { router } from '@forge/bridge';
import type { ReactNode } from 'react';

export function ExternalLink({ url, children, label }: { url: string; children: ReactNode; label?: string }) {
  const safe = /^https:\/\//i.test(url) ? url : null;
  return (
    <a
      href={safe ?? undefined}
      aria-label={label}
      aria-disabled={safe ? undefined : true}
      onClick={(event) => {
        event.preventDefault();
        // Rejects when the admin declines Bitbucket's "leave the page" prompt: nothing to do then.
        if (safe) void router.open(safe).catch(() => undefined);
      }}
    >
      {children}
    </a>
  );
}
