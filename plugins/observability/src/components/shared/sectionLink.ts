import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** URL parameters that belong to the whole tab (the shared time range), not to one section. */
const TAB_PARAMS = ['range', 'from', 'to', 'refresh'];

/**
 * Builds `?section=<id>&...` links between sections (a log line's trace, a
 * trace's logs) that keep the shared time range, or replace it with `range`,
 * and drop the other section's own filters. A param set to undefined is left out.
 */
export function useSectionLink() {
  const [params] = useSearchParams();
  return useCallback(
    (
      section: string,
      sectionParams: Record<string, string | undefined> = {},
      range?: { from: number; to: number },
    ) => {
      const next = new URLSearchParams();
      for (const key of TAB_PARAMS) {
        const value = params.get(key);
        if (value !== null) next.set(key, value);
      }
      if (range) {
        next.delete('range');
        next.set('from', new Date(range.from).toISOString());
        next.set('to', new Date(range.to).toISOString());
      }
      next.set('section', section);
      for (const [key, value] of Object.entries(sectionParams)) {
        if (value !== undefined) next.set(key, value);
      }
      return `?${next.toString()}`;
    },
    [params],
  );
}

/**
 * Reads and changes this section's own URL parameters (filters, the open
 * trace) so that a copied link reproduces the view.
 */
export function useSectionParams() {
  const [params, setParams] = useSearchParams();
  const setSectionParams = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(previous => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      }),
    [setParams],
  );
  return [params, setSectionParams] as const;
}
