// A "Copy <label>" button; the outcome is announced next to it, the name stays stable.
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/clipboard';

export function CopyButton({ label, text, visibleText = 'Copy' }: { label: string; text: string; visibleText?: string }) {
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  async function onClick() {
    try {
      await copyText(text);
      setStatus('Copied');
    } catch (error) {
      setStatus(error instanceof Error ? error.message : 'Copy failed. Select the text and copy it by hand.');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(''), 3000);
  }

  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      <Button spacing="compact" aria-label={`Copy ${label}`} onClick={onClick}>
        {visibleText}
      </Button>
      {/* Room for "Copied" kept free, so the detected-settings table does not reflow when it shows. */}
      <span role="status" style={{ fontSize: 12, minWidth: '4em', color: token('color.text.subtle', '#44546F') }}>
        {status}
      </span>
    </span>
  );
}
