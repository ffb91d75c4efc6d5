// A small, lossless syntax highlighter for the two languages the page shows
// (Terraform HCL and pipeline YAML). It only colours; joining the tokens of a
// line always gives the line back. A general highlighter (Prism grammars for
// every language) would cost ~250 KB gzip for these two.

export type TokenKind = 'plain' | 'comment' | 'string' | 'key' | 'keyword' | 'number' | 'punctuation';

export interface Token {
  kind: TokenKind;
  text: string;
}

export type HighlightLanguage = 'hcl' | 'yaml';

/** One array of tokens per line of `text` (split on "\n"; a "\r" stays in the last token). */
export function highlight(text: string, language: HighlightLanguage): Token[][] {
  const lineTokens = language === 'hcl' ? hclLine : yamlLine;
  return text.split('\n').map((line) => merge(lineTokens(line)));
}

/** Adjacent tokens of the same kind become one, to keep the DOM small. */
function merge(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    if (token.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.kind === token.kind) last.text += token.text;
    else out.push({ ...token });
  }
  return out;
}

const HCL_STRING = /"(?:\\.|[^"\\])*"?/y;
const HCL_NUMBER = /\d+(?:\.\d+)?/y;
const HCL_IDENT = /[A-Za-z_][\w-]*/y;
const HCL_SPACE = /\s+/y;

function hclLine(line: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let sawCode = false;
  while (at < line.length) {
    const rest = line.slice(at);
    if (rest.startsWith('#') || rest.startsWith('//')) {
      tokens.push({ kind: 'comment', text: rest });
      break;
    }
    const string = matchAt(HCL_STRING, line, at);
    if (string) {
      tokens.push({ kind: 'string', text: string });
      at += string.length;
      sawCode = true;
      continue;
    }
    const ident = matchAt(HCL_IDENT, line, at);
    if (ident) {
      const after = line.slice(at + ident.length);
      let kind: TokenKind = 'plain';
      if (/^\s*=(?!=)/.test(after)) kind = 'key';
      else if (!sawCode && /^\s*("|\{)/.test(after)) kind = 'keyword';
      else if (ident === 'true' || ident === 'false' || ident === 'null') kind = 'keyword';
      tokens.push({ kind, text: ident });
      at += ident.length;
      sawCode = true;
      continue;
    }
    const number = matchAt(HCL_NUMBER, line, at);
    if (number) {
      tokens.push({ kind: 'number', text: number });
      at += number.length;
      sawCode = true;
      continue;
    }
    const space = matchAt(HCL_SPACE, line, at);
    if (space) {
      tokens.push({ kind: 'plain', text: space });
      at += space.length;
      continue;
    }
    tokens.push({ kind: 'punctuation', text: line[at] as string });
    at += 1;
    sawCode = true;
  }
  return tokens;
}

const YAML_INDENT = /(?:\s*-(?=\s|$))*\s*/y;
const YAML_KEY = /(?:"(?:\\.|[^"\\])*"|'(?:''|[^'])*'|[^\s#'"{[\]}&*!|>%@`,-][^#\n]*?|-[^\s#][^#\n]*?)(?=:(?:\s|$))/y;
const YAML_QUOTED = /"(?:\\.|[^"\\])*"?|'(?:''|[^'])*'?/y;
const YAML_NODE_PROPERTY = /[&*!][^\s,\]}]*/y;

function yamlLine(line: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const indent = matchAt(YAML_INDENT, line, at) ?? '';
  tokens.push(...splitDashes(indent));
  at += indent.length;
  const key = matchAt(YAML_KEY, line, at);
  if (key) {
    tokens.push({ kind: 'key', text: key }, { kind: 'punctuation', text: ':' });
    at += key.length + 1;
  }
  return tokens.concat(yamlValue(line, at));
}

function splitDashes(indent: string): Token[] {
  return indent.split(/(-)/).map((part) => ({ kind: part === '-' ? 'punctuation' : 'plain', text: part }));
}

function yamlValue(line: string, start: number): Token[] {
  const tokens: Token[] = [];
  let at = start;
  let plainStart = -1;
  const flushPlain = () => {
    if (plainStart < 0) return;
    const text = line.slice(plainStart, at);
    const trimmed = text.trim();
    const kind: TokenKind = /^(?:true|false|null|~|yes|no)$/i.test(trimmed) ? 'keyword' : /^-?\d+(?:\.\d+)?$/.test(trimmed) ? 'number' : 'plain';
    tokens.push({ kind, text });
    plainStart = -1;
  };
  while (at < line.length) {
    const char = line[at] as string;
    const afterSpace = at === start || /\s/.test(line[at - 1] ?? ' ');
    if (char === '#' && afterSpace) {
      flushPlain();
      tokens.push({ kind: 'comment', text: line.slice(at) });
      return tokens;
    }
    if ((char === '"' || char === "'") && afterSpace) {
      const quoted = matchAt(YAML_QUOTED, line, at);
      if (quoted) {
        flushPlain();
        tokens.push({ kind: 'string', text: quoted });
        at += quoted.length;
        continue;
      }
    }
    if ((char === '&' || char === '*' || char === '!') && afterSpace) {
      const property = matchAt(YAML_NODE_PROPERTY, line, at);
      if (property) {
        flushPlain();
        tokens.push({ kind: 'keyword', text: property });
        at += property.length;
        continue;
      }
    }
    if (plainStart < 0) plainStart = at;
    at += 1;
  }
  flushPlain();
  return tokens;
}

function matchAt(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  return match && match[0] !== '' ? match[0] : null;
}
