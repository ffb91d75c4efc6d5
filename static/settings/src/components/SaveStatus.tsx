// The small "Saved" line next to the form.
import { token } from '@atlaskit/tokens';

/**
 * `waiting`: changed, but not saved because the choices are not valid yet.
 * `pending`: valid and changed, saved after a short pause (or on leaving the page).
 */
export type SaveState = { kind: 'idle' } | { kind: 'waiting' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

export const PENDING_TEXT = 'Not saved yet…';

export const WAITING_TEXT = 'Not saved until the choices above are valid.';

export function SaveStatus({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving'
      ? 'Saving…'
      : state.kind === 'pending'
        ? PENDING_TEXT
      : state.kind === 'saved'
        ? 'Saved'
        : state.kind === 'waiting'
          ? WAITING_TEXT
          : state.kind === 'failed'
            ? `Not saved: ${state.message}`
            : '';
  const color = state.kind === 'failed' ? token('color.text.danger', '#AE2E24') : token('color.text.subtle', '#44546F');
  return (
    <div role="status" aria-live="polite" style={{ fontSize: 12, minHeight: 16, color }}>
      {text}
    </div>
  );
}
