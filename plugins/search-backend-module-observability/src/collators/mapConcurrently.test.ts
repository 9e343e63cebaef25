import { mapConcurrently } from './mapConcurrently';

async function* numbers(count: number, pulled: number[]) {
  for (let i = 0; i < count; i++) {
    pulled.push(i);
    yield i;
  }
}

describe('mapConcurrently', () => {
  it('keeps source order with at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const pulled: number[] = [];
    const results: number[] = [];
    for await (const result of mapConcurrently(
      numbers(20, pulled),
      3,
      async n => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Later items finish first: order must still be kept.
        await new Promise(r => setTimeout(r, 20 - n));
        inFlight--;
        return n * 10;
      },
    )) {
      results.push(result);
    }
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
    expect(maxInFlight).toBe(3);
  });

  it('reads the source only as fast as results are consumed', async () => {
    const pulled: number[] = [];
    const mapped = mapConcurrently(numbers(1000, pulled), 4, async n => n);
    await mapped.next();
    await mapped.next();
    expect(pulled.length).toBeLessThanOrEqual(6);
    await mapped.return(undefined);
  });

  it('surfaces a rejection when its turn comes', async () => {
    const mapped = mapConcurrently(numbers(3, []), 2, async n => {
      if (n === 1) throw new Error('item 1 failed');
      return n;
    });
    await expect(mapped.next()).resolves.toEqual({ value: 0, done: false });
    await expect(mapped.next()).rejects.toThrow('item 1 failed');
  });
});
