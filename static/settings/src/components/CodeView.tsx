// Highlighted code. The highlighter (Atlaskit CodeBlock + refractor grammars) is
// loaded on first use; until then the same text shows as plain preformatted text.
import { lazy, Suspense } from 'react';
import { token } from '@atlaskit/tokens';

const CodeBlock = lazy(() => import('@atlaskit/code/code-block'));

export type CodeLanguage = 'hcl' | 'yaml' | 'text';

export function CodeView({ text, language, label }: { text: string; language: CodeLanguage; label: string }) {
  return (
    <div aria-label={label} role="region">
      <Suspense fallback={<PlainCode text={text} />}>
        <CodeBlock text={text} language={language} shouldShowLineNumbers={false} />
      </Suspense>
    </div>
  );
}

export function PlainCode({ text }: { text: string }) {
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        overflowX: 'auto',
        fontSize: 12,
        background: token('color.background.neutral', '#091E420F'),
        color: token('color.text', '#172B4D'),
        borderRadius: 3,
      }}
    >
      <code>{text}</code>
    </pre>
  );
}
