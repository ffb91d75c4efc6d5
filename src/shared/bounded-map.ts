// Work over a list with a fixed number of calls in flight: how the scan reads
// repositories and how environments are read, so neither floods Bitbucket
// nor a Forge invocation with hundreds of concurrent requests.

/**
 * Runs `fn` over `items`, at most `limit` at a time, keeping order. After the
 * first failure no new item starts; it rejects with that failure once the
 * calls in flight have settled (nothing is left running behind the caller).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  async function worker() {
    while (next < items.length && failure === null) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
