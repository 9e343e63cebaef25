/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * Candidates ordered by how close they are to `wanted`: names containing it
 * (or contained in it) first, then by edit distance, then alphabetically.
 * What a user most likely meant when `wanted` does not exist.
 */
export function closestFirst(wanted: string, candidates: string[]): string[] {
  const w = wanted.toLowerCase();
  const score = (c: string) => {
    const lower = c.toLowerCase();
    const contains = lower.includes(w) || w.includes(lower) ? 0 : 1;
    return [contains, distance(wanted, c)];
  };
  return [...new Set(candidates)].sort((a, b) => {
    const [ca, da] = score(a);
    const [cb, db] = score(b);
    return ca - cb || da - db || a.localeCompare(b);
  });
}
