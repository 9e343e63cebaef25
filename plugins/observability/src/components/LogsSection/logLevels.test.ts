import { volumeBuckets } from './logLevels';

describe('volumeBuckets', () => {
  it('gives every step a row, sums per level and lists levels in display order', () => {
    const { buckets, levels } = volumeBuckets(
      [
        { labels: { level: 'error' }, points: [[2000, 3]] },
        {
          labels: { level: 'info' },
          points: [
            [0, 5],
            [2000, 1],
          ],
        },
        { labels: { level: 'debug' }, points: [[1000, 0]] },
        { labels: { level: 'WARNING?' }, points: [[1000, 2]] },
      ],
      { start: 500, end: 3000 },
      1000,
    );
    expect(buckets).toEqual([
      { time: 0, info: 5 },
      { time: 1000, unknown: 2 },
      { time: 2000, info: 1, error: 3 },
    ]);
    // debug had only zeros, so it gets no bar and no legend entry.
    expect(levels).toEqual(['info', 'error', 'unknown']);
  });
});
