/**
 * Narrows names found in telemetry (label values, trace services, Kubernetes
 * objects) to those of catalog entities the caller can read, keeping their
 * order (EntityCatalog.readableNames with the caller's credentials). The
 * upstreams know every team's services; what the doctor suggests or lists
 * must not tell a caller about those the catalog hides from them.
 */
export type ReadableNames = (names: string[]) => Promise<string[]>;

/** Names looked up in the catalog for one list: the closest first. */
const MAX_LOOKED_UP = 60;

/** `candidates` (best first) the caller can read, at most `limit`. */
export async function readableFirst(
  readable: ReadableNames,
  candidates: string[],
  limit: number,
): Promise<string[]> {
  return (await readable(candidates.slice(0, MAX_LOOKED_UP))).slice(0, limit);
}

/**
 * Evidence listing names of other objects: those the caller can read, and
 * how many others there are without naming them.
 */
export async function readableList(
  readable: ReadableNames,
  names: string[],
  nameOf: (item: string) => string = item => item,
): Promise<string> {
  const looked = names.slice(0, MAX_LOOKED_UP);
  const shown = new Set(await readable(looked.map(nameOf)));
  const listed = looked.filter(item => shown.has(nameOf(item)));
  const others = names.length - listed.length;
  return (
    [
      listed.join(', '),
      others > 0 &&
        `${others} other(s) that name no entity you can read (not shown)`,
    ]
      .filter(Boolean)
      .join('; ') || 'none'
  );
}
