import { boundedFanOut } from './boundedFanOut';

describe('boundedFanOut', () => {
  it('never runs more than the limit at once, and keeps the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await boundedFanOut([5, 1, 4, 2, 3], 2, async n => {
      running++;
      most = Math.max(most, running);
      await new Promise(resolve => setTimeout(resolve, n * 5));
      running--;
      return n * 10;
    });
    expect(most).toBe(2);
    expect(results.map(r => r.status === 'fulfilled' && r.value)).toEqual([
      50, 10, 40, 20, 30,
    ]);
  });

  it('settles a failing item without stopping the others', async () => {
    const results = await boundedFanOut([1, 2, 3], 1, async n => {
      if (n === 2) throw new Error('no answer');
      return n;
    });
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe(
      'no answer',
    );
  });
});
