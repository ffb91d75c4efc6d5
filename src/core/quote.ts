// Error messages repeat what was typed so the admin sees what is wrong; a
// pasted essay or a line break must not take over the message.

const MAX_QUOTED = 60;

/** `value` in double quotes, on one line, cut to a readable length. */
export function quoteForMessage(value: string): string {
  const chars = [...value];
  const shown = chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join('')}…` : value;
  return JSON.stringify(shown);
}
