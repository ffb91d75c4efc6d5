// The checklist at the top of the page: the five steps in order, each with its
// status in words and a link to its section. Statuses come from
// lib/setup-checklist.ts, which derives them from the current state.
import { token } from '@atlaskit/tokens';
import type { ChecklistItem, ChecklistStatus } from '../lib/setup-checklist';
import { PullRequestLink } from './PullRequestLink';
import { StatusTag, type StatusTone } from './StatusTag';

const words: Record<ChecklistStatus, string> = { done: 'Done', todo: 'To do', blocked: 'Blocked', unknown: 'Unknown' };
const tones: Record<ChecklistStatus, StatusTone> = { done: 'success', todo: 'discovery', blocked: 'danger', unknown: 'warning' };

export function SetupChecklist({ items }: { items: ChecklistItem[] }) {
  return (
    <ol
      aria-label="Setup checklist"
      style={{
        margin: '0 0 32px',
        padding: '12px 16px 12px 40px',
        border: `1px solid ${token('color.border', '#091E4224')}`,
        borderRadius: 4,
        display: 'grid',
        gap: 8,
      }}
    >
      {items.map((item) => (
        <li key={item.section} data-status={item.status}>
          <a href={`#${item.section}`} onClick={(event) => goToSection(event, item.section)}>
            {item.title}
          </a>{' '}
          <span data-status-word>
            <StatusTag tone={tones[item.status]}>{words[item.status]}</StatusTag>
          </span>{' '}
          <span style={{ color: token('color.text.subtle', '#44546F') }}>{item.reason}</span>
          {item.pullRequest ? (
            <>
              {' '}
              <PullRequestLink pullRequest={item.pullRequest} text={`Go to pull request #${item.pullRequest.id} in Bitbucket`} />
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * Scrolls to the section and moves focus to its heading, so keyboard users
 * continue from there (a plain #hash jump leaves focus on the link).
 */
function goToSection(event: React.MouseEvent<HTMLAnchorElement>, section: string) {
  const heading = document.getElementById(`${section}-heading`);
  if (!heading) return;
  event.preventDefault();
  heading.scrollIntoView?.({ block: 'start' });
  heading.focus({ preventScroll: true });
}
