// POST /src answers 201 with a Location header naming the new commit.

/** ".../commit/<hash>" (absolute or relative) → hash; null when absent or not a full hash. */
export function commitHashFromLocation(location: string | null): string | null {
  if (location === null) return null;
  let pathname: string;
  try {
    pathname = new URL(location, 'https://api.bitbucket.org').pathname;
  } catch {
    return null;
  }
  const match = /\/commit\/([0-9a-f]{40})\/?$/i.exec(pathname);
  return match?.[1]?.toLowerCase() ?? null;
}
