// How many Bitbucket round trips a piece of work waits for in sequence: the
// longest chain of requests in which each one starts only after the previous
// one has answered. Requests that overlap in time share a round trip.

export interface TimedRequest {
  startedAt: number;
  endedAt: number;
}

export function sequentialRoundTrips(requests: readonly TimedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt || a.endedAt - b.endedAt);
  const depth: number[] = [];
  let longest = 0;
  sorted.forEach((request, index) => {
    let before = 0;
    for (let k = 0; k < index; k++) {
      if (sorted[k]!.endedAt <= request.startedAt) before = Math.max(before, depth[k]!);
    }
    depth[index] = before + 1;
    longest = Math.max(longest, depth[index]!);
  });
  return longest;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
