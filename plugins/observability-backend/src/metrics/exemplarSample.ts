/** What the sampler needs of an exemplar: when, how slow, whether it failed. */
export interface SampledExemplar {
  timestamp: number;
  value: number;
  error: boolean;
}

/** How many equal slices of the range the sampler draws from. */
export const EXEMPLAR_SLICES = 50;

/**
 * At most `limit` exemplars spread over the whole range: the range is cut
 * into `buckets` equal slices and each keeps its slowest failed requests (up
 * to half its share) and then its slowest others. Taking the newest instead
 * piled every dot of a 1-hour chart into its last minutes; the slow and the
 * failed are the ones worth opening as traces. Sorted by time.
 */
export function sampleExemplars<T extends SampledExemplar>(
  exemplars: T[],
  range: { start: number; end: number },
  limit: number,
  buckets = EXEMPLAR_SLICES,
): T[] {
  const perBucket = Math.max(1, Math.floor(limit / buckets));
  const span = Math.max(1, range.end - range.start);
  const slices = new Map<number, T[]>();
  for (const e of exemplars) {
    if (e.timestamp < range.start || e.timestamp > range.end) continue;
    const slice = Math.min(
      buckets - 1,
      Math.floor(((e.timestamp - range.start) / span) * buckets),
    );
    const members = slices.get(slice);
    if (members) members.push(e);
    else slices.set(slice, [e]);
  }
  const slowestFirst = (a: T, b: T) => b.value - a.value;
  const kept = [...slices.values()].flatMap(slice => {
    const errors = slice
      .filter(e => e.error)
      .sort(slowestFirst)
      .slice(0, Math.ceil(perBucket / 2));
    const others = slice
      .filter(e => !e.error || !errors.includes(e))
      .sort(slowestFirst)
      .slice(0, perBucket - errors.length);
    return [...errors, ...others];
  });
  return kept.sort((a, b) => a.timestamp - b.timestamp).slice(0, limit);
}
