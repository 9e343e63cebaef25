/**
 * Runs `task` over `items`, at most `concurrency` at a time, settling each.
 * A fan-out of one user request into several upstream requests goes through
 * this, so that it holds a few places in the caller's queue, not all of them
 * (one search must not crowd out the caller's other panels, nor a half-open
 * circuit breaker's single probe turn into a burst).
 */
export async function boundedFanOut<T, R>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = {
          status: 'fulfilled',
          value: await task(items[index]),
        };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  return results;
}
