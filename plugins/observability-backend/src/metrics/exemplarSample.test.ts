import { sampleExemplars } from './exemplarSample';

const range = { start: 0, end: 3_600_000 };

/** One exemplar a second over the hour, each slower than the one before. */
const everySecond = Array.from({ length: 3600 }, (_, i) => ({
  timestamp: i * 1000,
  value: 0.01 + i / 100_000,
  error: false,
}));

describe('sampleExemplars', () => {
  it('spreads the limit over the whole range, not its last minutes', () => {
    const sample = sampleExemplars(everySecond, range, 200);
    expect(sample).toHaveLength(200);
    expect(sample[0].timestamp).toBeLessThan(72_000);
    expect(sample[sample.length - 1].timestamp).toBeGreaterThan(3_528_000);
    // Every one of the 50 slices of 72 s keeps four.
    const slices = new Set(sample.map(e => Math.floor(e.timestamp / 72_000)));
    expect(slices.size).toBe(50);
  });

  it('keeps the slowest of each slice', () => {
    const spike = { timestamp: 10_000, value: 9, error: false };
    const sample = sampleExemplars([...everySecond, spike], range, 200);
    expect(sample).toContain(spike);
    const firstSlice = sample.filter(e => e.timestamp < 72_000);
    expect(firstSlice.map(e => e.value)).toEqual(
      expect.arrayContaining([9, 0.01 + 71 / 100_000, 0.01 + 70 / 100_000]),
    );
  });

  it('keeps failed requests even when faster than the others', () => {
    const failed = [
      { timestamp: 5_000, value: 0.001, error: true },
      { timestamp: 6_000, value: 0.002, error: true },
      { timestamp: 7_000, value: 0.003, error: true },
    ];
    const sample = sampleExemplars([...everySecond, ...failed], range, 200);
    const firstSlice = sample.filter(e => e.timestamp < 72_000);
    // Half the slice's four for the two slowest failures, half for the slowest.
    expect(firstSlice.filter(e => e.error).map(e => e.value)).toEqual([
      0.002, 0.003,
    ]);
    expect(firstSlice.filter(e => !e.error)).toHaveLength(2);
  });

  it('keeps everything when there is less than the limit, in time order', () => {
    const few = [
      { timestamp: 3_000_000, value: 1, error: false },
      { timestamp: 1_000, value: 2, error: true },
    ];
    expect(sampleExemplars(few, range, 200)).toEqual([few[1], few[0]]);
  });

  it('drops exemplars outside the range', () => {
    const outside = [
      { timestamp: -1, value: 1, error: false },
      { timestamp: 3_600_001, value: 1, error: false },
    ];
    expect(sampleExemplars(outside, range, 200)).toEqual([]);
  });
});
