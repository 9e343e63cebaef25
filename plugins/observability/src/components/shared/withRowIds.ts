/**
 * Rows for Backstage's `Table` with the `id` material-table keys them by.
 * Without one it makes up new React keys whenever the data is refetched,
 * so every row remounts on refresh (and it warns about it). `idOf` must be
 * unique within the rows.
 */
export function withRowIds<T extends object>(
  rows: T[],
  idOf: (row: T) => string,
): (T & { id: string })[] {
  return rows.map(row => ({ ...row, id: idOf(row) }));
}
