// Names from the repository (step names, branch patterns, pipeline names) sit
// inside the page's own sentences. A right-to-left name, or one holding bidi
// controls, would otherwise reorder the words around it (a U+202E in a step
// name reversed the rest of the sentence). This is what <bdi> does, for text
// that is built as a string: the name goes between FIRST STRONG ISOLATE and POP
// DIRECTIONAL ISOLATE, and the controls inside it are shown as U+FFFD, so a
// stray POP DIRECTIONAL ISOLATE in the name cannot end the isolation early.

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

export function isolated(name: string): string {
  return `${FIRST_STRONG_ISOLATE}${name.replace(BIDI_CONTROLS, '\ufffd')}${POP_DIRECTIONAL_ISOLATE}`;
}
