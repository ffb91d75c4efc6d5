// Turning untrusted values (branch names, file paths, UUIDs) into path
// segments and BBQL strings that cannot change the request's shape.

/** A value cannot be placed in a request safely; the message says which and why. */
export class InvalidRequestValueError extends Error {
  override readonly name = 'InvalidRequestValueError';
  readonly code = 'invalid-input' as const;
}

/**
 * One path segment, percent-encoded. encodeURIComponent turns `/ ? # \` and
 * every other reserved character into %XX, so the value stays one segment.
 * It leaves `.` alone, so "." and ".." (which URL parsers collapse) and any
 * ".." (which Forge's `route` refuses) are rejected here, as is the empty
 * value (it would turn `/refs/branches/{name}` into the branch *list*).
 */
export function encodePathSegment(name: string, value: string): string {
  if (value.length === 0) {
    throw new InvalidRequestValueError(`The ${name} is empty; give a non-empty ${name}.`);
  }
  if (value.includes('..')) {
    throw new InvalidRequestValueError(
      `The ${name} "${value}" contains "..", which could climb out of the request path; use a name without "..".`,
    );
  }
  if (value === '.') {
    throw new InvalidRequestValueError(`The ${name} "." is not a valid ${name}.`);
  }
  try {
    return encodeURIComponent(value);
  } catch {
    throw new InvalidRequestValueError(
      `The ${name} contains text that is not valid Unicode (a lone surrogate); remove it.`,
    );
  }
}

/** A value that fills one `{name}` of a template: one segment, or several (a file path). */
export type PathValue = string | { segments: readonly string[] };

/** Splits a repository file path ("a/b.yml" or "/a/b.yml") into segments. */
export function filePathSegments(path: string): { segments: string[] } {
  const segments = path.replace(/^\/+/, '').split('/');
  return { segments };
}

/** Template parameter names in the words an error message should use. */
const PARAMETER_WORDS: Readonly<Record<string, string>> = {
  workspace: 'workspace',
  repo_slug: 'repository',
  name: 'branch name',
  commit: 'commit',
  path: 'file path',
  variable_uuid: 'variable UUID',
};

/**
 * Fills a spec path template ("/repositories/{workspace}/…") with values and
 * returns the literal pieces and encoded values the transport needs, with the
 * "/2.0" prefix. A missing value is a programming error and throws.
 */
export function buildPath(
  template: string,
  values: Readonly<Record<string, PathValue>>,
): { literals: string[]; values: string[] } {
  const pieces = template.split(/\{([A-Za-z_]+)\}/);
  const literals: string[] = [`/2.0${pieces[0] ?? ''}`];
  const encoded: string[] = [];
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i] as string;
    const after = pieces[i + 1] ?? '';
    const value = values[name];
    if (value === undefined) {
      throw new InvalidRequestValueError(`No value for {${name}} in ${template}.`);
    }
    const segments = typeof value === 'string' ? [value] : value.segments;
    if (segments.length === 0) {
      throw new InvalidRequestValueError(`The ${PARAMETER_WORDS[name] ?? name} is empty; give a non-empty one.`);
    }
    segments.forEach((segment, index) => {
      encoded.push(encodePathSegment(PARAMETER_WORDS[name] ?? name, segment));
      literals.push(index === segments.length - 1 ? after : '/');
    });
  }
  return { literals, values: encoded };
}

/**
 * A BBQL string literal: wrapped in double quotes, with `\` and `"` escaped so
 * the value cannot end the string and add its own conditions.
 */
export function bbqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** application/x-www-form-urlencoded body; every byte of each value survives (UTF-8 percent-encoding). */
export function formBody(fields: readonly (readonly [string, string])[]): string {
  try {
    return fields
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
  } catch {
    throw new InvalidRequestValueError(
      'The file or commit text contains invalid Unicode (a lone surrogate); remove it and try again.',
    );
  }
}
