// Bitbucket's page-numbered lists: `{values, next?}`, where `next` is a full URL.

/**
 * The query of a `next` link, which is all we reuse of it: the path stays the
 * one the client built, so a link can never steer the client to another
 * resource or host. Null when it is not a URL or has no query.
 */
export function nextPageQuery(next: string): [string, string][] | null {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return null;
  }
  const pairs = [...url.searchParams.entries()];
  return pairs.length === 0 ? null : pairs;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * Fetches pages until there is no `next`, at most `maxPages` of them; stops
 * early when a `next` repeats one already followed (a server loop).
 */
export async function collectPages<T>(
  firstQuery: readonly (readonly [string, string])[],
  fetchPage: (query: readonly (readonly [string, string])[]) => Promise<Page<T>>,
  maxPages: number,
): Promise<T[]> {
  const items: T[] = [];
  const followed = new Set<string>();
  let query = firstQuery;
  for (let page = 0; page < maxPages; page += 1) {
    const { items: pageItems, next } = await fetchPage(query);
    items.push(...pageItems);
    const nextQuery = next === null ? null : nextPageQuery(next);
    if (nextQuery === null) break;
    const key = JSON.stringify(nextQuery);
    if (followed.has(key)) break;
    followed.add(key);
    query = nextQuery;
  }
  return items;
}
