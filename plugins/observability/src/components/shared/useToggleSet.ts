import { useCallback, useState } from 'react';

/** A set of ids the user opens and closes one at a time (expanded rows, collapsed subtrees). */
export function useToggleSet(): [ReadonlySet<string>, (id: string) => void] {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setIds(previous => {
        const next = new Set(previous);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  return [ids, toggle];
}
