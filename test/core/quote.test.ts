import { describe, expect, it } from 'vitest';
import { quoteForMessage } from '../../src/core/quote';
import { resolveChoices } from '../../src/core/validation';
import { facts } from './fixtures';

describe('quoteForMessage', () => {
  it('quotes on one line and cuts long text', () => {
    expect(quoteForMessage('a\nb"c')).toBe('"a\\nb\\"c"');
    expect(quoteForMessage('x'.repeat(61))).toBe(`"${'x'.repeat(60)}…"`);
    expect(quoteForMessage('😀'.repeat(60))).toBe(`"${'😀'.repeat(60)}"`);
  });

  it('keeps a hostile role out of the message layout', () => {
    const r = resolveChoices(facts, { organization: 'o', role: `evil\n${'y'.repeat(500)}` });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.message).not.toContain('\n');
      expect(r.errors[0]?.message.length).toBeLessThan(500);
    }
  });
});
