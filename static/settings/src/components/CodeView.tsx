// Highlighted code. The highlighter is loaded on first use; until then the same
// text shows plain, in the same box.
import { lazy, Suspense } from 'react';
import type { HighlightLanguage } from '../lib/highlight';
import { codeBoxStyle } from './code-style';

const HighlightedCode = lazy(() => import('./HighlightedCode'));

export function CodeView({ text, language, label }: { text: string; language: HighlightLanguage; label: string }) {
  return (
    <div aria-label={label} role="region">
      <Suspense fallback={<PlainCode text={text} />}>
        <HighlightedCode text={text} language={language} />
      </Suspense>
    </div>
  );
}

export function PlainCode({ text }: { text: string }) {
  return (
    <pre style={codeBoxStyle}>
      <code>{text}</code>
    </pre>
  );
}
