// Highlighted lines for a code box, computed in the page's worker. Until they
// arrive (and if the worker fails) the lines show plain: colour is a nicety,
// the text is never held back.
import { useEffect, useId, useMemo, useState } from 'react';
import type { HighlightLanguage, Token } from './highlight';
import { plainLines } from './off-thread-tasks';
import { runOffThread } from './off-thread';

export function useHighlight(text: string, language: HighlightLanguage): Token[][] {
  const channel = `highlight:${useId()}`;
  const [shown, setShown] = useState<{ text: string; language: HighlightLanguage; lines: Token[][] } | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    runOffThread({ kind: 'highlight', text, language }, { channel, signal: abort.signal }).then(
      (lines) => setShown({ text, language, lines }),
      () => undefined, // replaced, or the worker failed: the plain lines stay
    );
    return () => abort.abort();
  }, [text, language, channel]);
  const plain = useMemo(() => plainLines(text), [text]);
  // Plain lines only while the coloured ones for this exact text are on their way.
  return shown && shown.text === text && shown.language === language ? shown.lines : plain;
}
