// A coloured message box. Atlaskit SectionMessage pulls in its dismiss
// IconButton, and with it tooltip, popper and top-layer (~25 KB gzip), so the
// page uses this small equivalent built on the same design tokens.
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export type NoticeAppearance = 'information' | 'warning' | 'error' | 'success';

const colours: Record<NoticeAppearance, { background: string; border: string }> = {
  information: { background: token('color.background.information', '#E9F2FF'), border: token('color.border.information', '#1D7AFC') },
  warning: { background: token('color.background.warning', '#FFF7D6'), border: token('color.border.warning', '#E56910') },
  error: { background: token('color.background.danger', '#FFECEB'), border: token('color.border.danger', '#E2483D') },
  success: { background: token('color.background.success', '#DCFFF1'), border: token('color.border.success', '#22A06B') },
};

export function Notice({ appearance, title, children, actions }: { appearance: NoticeAppearance; title: string; children?: ReactNode; actions?: ReactNode }) {
  const { background, border } = colours[appearance];
  return (
    <div
      role={appearance === 'error' ? 'alert' : undefined}
      style={{ background, borderLeft: `4px solid ${border}`, borderRadius: 3, padding: '12px 16px', color: token('color.text', '#172B4D') }}
    >
      <strong style={{ display: 'block', marginBottom: 4 }}>{title}</strong>
      {children}
      {actions ? <div style={{ display: 'flex', gap: 8, marginTop: 8, alignItems: 'center' }}>{actions}</div> : null}
    </div>
  );
}
