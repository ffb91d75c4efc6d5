// Bitbucket's branch/tag glob patterns (pipelines keys): `*` matches within one
// path segment, `**` across `/` (also inside a segment: "release**" matches
// "release/1/2"), `?` one character but not `/`, `{a,b}` alternation (nested
// allowed). Everything else is literal.
//
// Why our own matcher and not picomatch: picomatch gives `**` its
// meaning only as a whole segment ("release**" is "release*" there), and it
// reads `!`, `[…]`, `+(…)` and `@(…)` as operators, which Bitbucket's patterns
// do not have; and it compiles to a backtracking RegExp. This matcher never
// expands `{…}` and never backtracks: the pattern becomes a small automaton
// (one state per character) run over the name with a set of states, so a match
// costs at most pattern length × name length steps, whatever the pattern
// (twenty `{a,b}` groups included, which took 47 s when they were expanded).

type Piece =
  | { kind: 'char'; char: string }
  | { kind: 'one' }
  | { kind: 'star' }
  | { kind: 'globstar' }
  | { kind: 'group'; choices: Piece[][] };

/** Index of the `}` closing the `{` at `open`, or -1 when it is never closed (then `{` is literal). */
function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The pattern as pieces; `{…}` groups hold their choices, split on top-level commas. */
function parsePieces(glob: string, from: number, to: number): Piece[] {
  const pieces: Piece[] = [];
  for (let i = from; i < to; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*' && i + 1 < to) {
      pieces.push({ kind: 'globstar' });
      i++;
    } else if (c === '*') pieces.push({ kind: 'star' });
    else if (c === '?') pieces.push({ kind: 'one' });
    else if (c === '{' && closingBrace(glob, i) > i && closingBrace(glob, i) < to) {
      const close = closingBrace(glob, i);
      // Choices end at top-level commas; the last one at the closing brace.
      const choices: Piece[][] = [];
      let start = i + 1;
      for (let j = i + 1, depth = 0; j <= close; j++) {
        const d = glob[j];
        if (d === '{') depth++;
        else if (d === '}' && depth > 0) depth--;
        else if ((d === ',' && depth === 0) || j === close) {
          choices.push(parsePieces(glob, start, j));
          start = j + 1;
        }
      }
      pieces.push({ kind: 'group', choices });
      i = close;
    } else pieces.push({ kind: 'char', char: c });
  }
  return pieces;
}

/** An automaton state: consumes one character (char/one), loops (star/globstar), or only forks (split/accept). */
interface State {
  kind: 'char' | 'one' | 'star' | 'globstar' | 'split' | 'accept';
  char?: string;
  /** States reached without consuming: the next piece (or the choices, for split). */
  next: number[];
}

class Automaton {
  readonly states: State[] = [{ kind: 'accept', next: [] }];
  readonly start: number;

  constructor(pieces: Piece[]) {
    this.start = this.sequence(pieces, 0);
  }

  /** Builds `pieces` back to front, each continuing at `next`; returns the first state. */
  private sequence(pieces: Piece[], next: number): number {
    let at = next;
    for (let i = pieces.length - 1; i >= 0; i--) at = this.piece(pieces[i] as Piece, at);
    return at;
  }

  private piece(piece: Piece, next: number): number {
    if (piece.kind === 'group') {
      const starts = piece.choices.map((choice) => this.sequence(choice, next));
      return this.add({ kind: 'split', next: starts });
    }
    return this.add(piece.kind === 'char' ? { kind: 'char', char: piece.char, next: [next] } : { kind: piece.kind, next: [next] });
  }

  private add(state: State): number {
    this.states.push(state);
    return this.states.length - 1;
  }

  /** Adds `state` and every state reachable from it without consuming. */
  private close(state: number, into: Set<number>): void {
    const stack = [state];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (into.has(s)) continue;
      into.add(s);
      const { kind, next } = this.states[s] as State;
      if (kind === 'split' || kind === 'star' || kind === 'globstar') stack.push(...next);
    }
  }

  matches(name: string): boolean {
    let current = new Set<number>();
    this.close(this.start, current);
    for (let i = 0; i < name.length; i++) {
      const c = name[i] as string;
      const following = new Set<number>();
      for (const s of current) {
        const state = this.states[s] as State;
        if (state.kind === 'char' && state.char === c) this.close(state.next[0] as number, following);
        else if (state.kind === 'one' && c !== '/') this.close(state.next[0] as number, following);
        else if ((state.kind === 'star' && c !== '/') || state.kind === 'globstar') this.close(s, following);
      }
      if (following.size === 0) return false;
      current = following;
    }
    return current.has(0);
  }
}

/** Compiled patterns; a file has few distinct ones, and each is judged many times. */
const compiled = new Map<string, Automaton>();
const COMPILED_KEPT = 256;

function automaton(glob: string): Automaton {
  let found = compiled.get(glob);
  if (!found) {
    if (compiled.size >= COMPILED_KEPT) compiled.clear();
    found = new Automaton(parsePieces(glob, 0, glob.length));
    compiled.set(glob, found);
  }
  return found;
}

/** True when `name` (a branch or tag) matches the Bitbucket glob. */
export function globMatches(glob: string, name: string): boolean {
  return automaton(glob).matches(name);
}

/** True when the pattern has wildcards or alternatives, so it matches more than one name. */
export function isGlob(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}

/** At most this many sample names per pattern: enough to tell trust settings apart. */
const MAX_SAMPLES = 16;

/** One name the pieces match, taking choice `pick(g)` in the g-th group (in reading order; 0 when not picked). */
function render(pieces: Piece[], pick: (group: number) => number, counter: { next: number }): string {
  let out = '';
  for (const piece of pieces) {
    if (piece.kind === 'char') out += piece.char;
    else if (piece.kind === 'one') out += 'x';
    else if (piece.kind === 'star') out += 'sample';
    else if (piece.kind === 'globstar') out += 'sample/path';
    else {
      const group = counter.next++;
      const choice = Math.min(pick(group), piece.choices.length - 1);
      out += render(piece.choices[choice] as Piece[], pick, counter);
    }
  }
  return out;
}

/** How many choices each group has, in reading order. */
function groupSizes(pieces: Piece[], into: number[] = []): number[] {
  for (const piece of pieces) {
    if (piece.kind !== 'group') continue;
    into.push(piece.choices.length);
    for (const choice of piece.choices) groupSizes(choice, into);
  }
  return into;
}

/**
 * A few concrete names the glob matches, for building sample tokens: the first
 * choice of every group, then each other choice of each group in turn (never
 * all combinations: twenty groups of two would be a million names).
 */
export function sampleNames(glob: string): string[] {
  const pieces = parsePieces(glob, 0, glob.length);
  const names = new Set([render(pieces, () => 0, { next: 0 })]);
  const sizes = groupSizes(pieces);
  for (let g = 0; g < sizes.length && names.size < MAX_SAMPLES; g++) {
    for (let choice = 1; choice < (sizes[g] as number) && names.size < MAX_SAMPLES; choice++) {
      names.add(render(pieces, (group) => (group === g ? choice : 0), { next: 0 }));
    }
  }
  return [...names].filter((n) => globMatches(glob, n));
}
