// Bitbucket's branch/tag glob patterns (pipelines keys): `*` matches within one
// path segment, `**` across `/`, `?` one character, `{a,b}` alternation.
// Everything else is literal.

const REGEX_META = /[\\^$.*+?()[\]{}|/]/g;

function literal(s: string): string {
  return s.replace(REGEX_META, '\\$&');
}

/** Regex body for a glob with no `{…}` group. */
function simpleGlobBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += literal(c);
  }
  return out;
}

/** Expands `{a,b}` groups (not nested) into plain globs. */
export function expandAlternatives(glob: string): string[] {
  const open = glob.indexOf('{');
  const close = open < 0 ? -1 : glob.indexOf('}', open);
  if (open < 0 || close < 0) return [glob];
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  return glob
    .slice(open + 1, close)
    .split(',')
    .flatMap((choice) => expandAlternatives(head + choice + tail));
}

/** True when `name` (a branch or tag) matches the Bitbucket glob. */
export function globMatches(glob: string, name: string): boolean {
  return expandAlternatives(glob).some((g) => new RegExp(`^${simpleGlobBody(g)}$`).test(name));
}

/** True when the pattern has wildcards or alternatives, so it matches more than one name. */
export function isGlob(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}

/** A few concrete names the glob matches, for building sample tokens. */
export function sampleNames(glob: string): string[] {
  const names = expandAlternatives(glob).map((g) =>
    g.replace(/\*\*/g, 'sample/path').replace(/\*/g, 'sample').replace(/\?/g, 'x'),
  );
  return [...new Set(names)].filter((n) => globMatches(glob, n));
}
