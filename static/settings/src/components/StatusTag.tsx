// A small coloured word (verdicts, "Suggested"), in the style of Atlaskit's
// Lozenge without its badge and icon machinery.
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export type StatusTone = 'success' | 'warning' | 'danger' | 'discovery';

const tones: Record<StatusTone, { background: string; color: string }> = {
  success: { background: token('color.background.success', '#DCFFF1'), color: token('color.text.success', '#216E4E') },
  warning: { background: token('color.background.warning', '#FFF7D6'), color: token('color.text.warning', '#A54800') },
  danger: { background: token('color.background.danger', '#FFECEB'), color: token('color.text.danger', '#AE2E24') },
  discovery: { background: token('color.background.discovery', '#F3F0FF'), color: token('color.text.discovery', '#5E4DB2') },
};

export function StatusTag({ tone, children }: { tone: StatusTone; children: ReactNode }) {
  const { background, color } = tones[tone];
  return (
    <span style={{ background, color, borderRadius: 3, padding: '0 4px', fontSize: 11, fontWeight: 700, textTransform: 'uppercase', whiteSpace: 'nowrap' }}>
      {children}
    </span>
  );
}
