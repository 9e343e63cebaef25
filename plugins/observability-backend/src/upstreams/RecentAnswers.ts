/**
 * Parsed upstream answers kept in process, in front of the CacheService.
 * Reading a large answer back from the cache store (JSON with a reviver) cost
 * more CPU than the rest of a warm request together: 40 % of the backend's
 * time under bench/load.ts. Entries are shared between requests, so callers
 * must treat upstream answers as read-only.
 */
export class RecentAnswers {
  private readonly entries = new Map<
    string,
    { value: unknown; expiresAt: number }
  >();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer, wrapped so that a cached `undefined` is still a hit. */
  get(key: string): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    // Re-inserted: the Map's order is the eviction order, least recent first.
    this.entries.set(key, entry);
    return { value: entry.value };
  }

  set(key: string, value: unknown, expiresAt: number): void {
    this.entries.delete(key);
    if (expiresAt <= this.now()) return;
    this.entries.set(key, { value, expiresAt });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
