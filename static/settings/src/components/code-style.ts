// The box around code, shared by the plain and highlighted views so nothing jumps when colours arrive.
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

export const codeBoxStyle: CSSProperties = {
  display: 'block',
  width: '100%',
  boxSizing: 'border-box',
  margin: 0,
  padding: 8,
  overflowX: 'auto',
  fontSize: 12,
  lineHeight: '18px',
  fontFamily: token('font.family.code', 'ui-monospace, Menlo, Consolas, monospace'),
  background: token('color.background.neutral', '#091E420F'),
  color: token('color.text', '#172B4D'),
  borderRadius: 3,
};
