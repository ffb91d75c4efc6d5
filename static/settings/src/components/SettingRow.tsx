// One detected value: its label, the value (or why it is unavailable) and a copy button.
// Long values (URLs, UUIDs) wrap anywhere, but prose such as the Pipelines-off advice
// still wraps between words.
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton';

/** `copy` false: a value nobody pastes elsewhere ("On", a branch name) gets no Copy button. */
export function SettingRow({ label, value, copyText, copy = true, children }: { label: string; value?: string; copyText?: string; copy?: boolean; children?: ReactNode }) {
  const text = copy ? (copyText ?? value) : undefined;
  return (
    <tr>
      <th scope="row" style={{ textAlign: 'left', verticalAlign: 'top', padding: '6px 16px 6px 0', fontWeight: 600, color: token('color.text.subtle', '#44546F'), whiteSpace: 'nowrap' }}>
        {label}
      </th>
      <td style={{ padding: '6px 16px 6px 0', verticalAlign: 'top', overflowWrap: 'anywhere' }}>
        {value !== undefined ? <code>{value}</code> : null}
        {children}
      </td>
      <td style={{ padding: '6px 0', verticalAlign: 'top' }}>{text !== undefined && text !== '' ? <CopyButton label={label} text={text} /> : null}</td>
    </tr>
  );
}

export function Unavailable({ reason }: { reason: string }) {
  return <span style={{ color: token('color.text.warning', '#A54800') }}>Unavailable: {reason}</span>;
}
