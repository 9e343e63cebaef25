import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * One panel's request: its own loading and error state, so one failing
 * upstream never blanks another panel. Pass the time range's `refreshKey`
 * in `deps` to refetch on refresh.
 */
export function usePanelData<T>(load: () => Promise<T>, deps: DependencyList) {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(load, deps);
}
