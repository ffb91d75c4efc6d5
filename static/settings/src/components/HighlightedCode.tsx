// Code coloured by lib/highlight (in the page's worker), themed through design tokens (light and dark).
import { token } from '@atlaskit/tokens';
import { Fragment } from 'react';
import type { HighlightLanguage, TokenKind } from '../lib/highlight';
import { useHighlight } from '../lib/use-highlight';
import { codeBoxStyle } from './code-style';

const colours: Record<TokenKind, string | undefined> = {
  plain: undefined,
  punctuation: token('color.text.subtle', '#44546F'),
  comment: token('color.text.subtlest', '#626F86'),
  string: token('color.text.accent.green', '#216E4E'),
  key: token('color.text.accent.blue', '#0055CC'),
  keyword: token('color.text.accent.purple', '#5E4DB2'),
  number: token('color.text.accent.orange', '#A54800'),
};

export default function HighlightedCode({ text, language }: { text: string; language: HighlightLanguage }) {
  const lines = useHighlight(text, language);
  return (
    // Focusable because it scrolls sideways: keyboard users must be able to scroll it too.
    <pre style={codeBoxStyle} tabIndex={0}>
      <code>
        {lines.map((line, index) => (
          <Fragment key={index}>
            {index > 0 ? '\n' : null}
            {line.map((part, partIndex) =>
              colours[part.kind] ? (
                <span key={partIndex} style={{ color: colours[part.kind] }}>
                  {part.text}
                </span>
              ) : (
                <Fragment key={partIndex}>{part.text}</Fragment>
              ),
            )}
          </Fragment>
        ))}
      </code>
    </pre>
  );
}
