// Highlighted code. The highlighter is loaded on first use; until then the same
// text shows plain, in the same box.
import { lazy, Suspense } from 'react';
import type { HighlightLanguage } from '../lib/highlight';
import { codeBoxStyle } from './code-style';

const HighlightedCode = lazy(() => import('./HighlightedCode'));

export function CodeView({ text, language, label }: { text: string; language: HighlightLanguage; label: string }) {
  return (
    // minWidth 0 lets the box shrink inside flex parents, so long lines scroll (in the <pre>) instead of widening the page.
    <div aria-label={label} role="region" style={{ width: '100%', minWidth: 0, maxWidth: '100%' }}>
      <Suspense fallback={<PlainCode text={text} />}>
        <HighlightedCode text={text} language={language} />
      </Suspense>
    </div>
  );
}

export function PlainCode({ text }: { text: string }) {
  return (
    <pre style={codeBoxStyle} tabIndex={0}>
      <code>{text}</code>
    </pre>
  );
}
