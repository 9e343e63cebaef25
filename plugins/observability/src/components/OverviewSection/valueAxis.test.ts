import { formatMs, formatPercent, formatRate } from '../shared';
import { valueTicks } from './valueAxis';

describe('valueTicks', () => {
  it('ticks latency at round milliseconds', () => {
    expect(valueTicks(270, formatMs).map(formatMs)).toEqual([
      '0 ms',
      '100 ms',
      '200 ms',
      '300 ms',
    ]);
  });

  it('ticks an error ratio at round percentages', () => {
    expect(valueTicks(0.17, formatPercent).map(formatPercent)).toEqual([
      '0 %',
      '5 %',
      '10 %',
      '15 %',
      '20 %',
    ]);
  });

  it('uses steps of 1, 2 or 5 times a power of ten', () => {
    expect(valueTicks(5.6, formatRate)).toEqual([0, 2, 4, 6]);
    expect(valueTicks(0.0042, formatPercent)).toEqual([
      0, 0.001, 0.002, 0.003, 0.004, 0.005,
    ]);
  });

  it('never repeats a label, even where the format rounds', () => {
    // 0.5 ms steps would read 0 ms, 1 ms, 1 ms, 2 ms in whole milliseconds.
    const ticks = valueTicks(2.2, formatMs);
    const labels = ticks.map(formatMs);
    expect(new Set(labels).size).toBe(labels.length);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(2.2);
  });

  it('gives an axis of zeros a scale', () => {
    expect(valueTicks(0, formatPercent).map(formatPercent)).toEqual([
      '0 %',
      '20 %',
      '40 %',
      '60 %',
      '80 %',
      '100 %',
    ]);
  });
});
