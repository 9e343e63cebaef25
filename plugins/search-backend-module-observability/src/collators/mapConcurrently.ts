/**
 * Maps an async sequence with at most `concurrency` calls in flight, yielding
 * results in source order. The source is read only as fast as results are
 * consumed, so memory stays bounded by `concurrency` however long it is.
 * A rejection surfaces when its turn to be yielded comes.
 */
export async function* mapConcurrently<T, R>(
  source: AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  for await (const item of source) {
    const result = fn(item);
    // Handled when yielded; until then it must not count as unhandled.
    result.catch(() => undefined);
    inFlight.push(result);
    if (inFlight.length >= concurrency) {
      yield await inFlight.shift()!;
    }
  }
  while (inFlight.length > 0) {
    yield await inFlight.shift()!;
  }
}
