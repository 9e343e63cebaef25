import { checkoutRed, idleRed } from './__fixtures__/red';
import {
  errorRatioChart,
  hasTraffic,
  latencyChart,
  mergeSeries,
  requestRateChart,
  timeTicks,
} from './redChartData';

describe('redChartData', () => {
  it('joins series by timestamp and leaves a gap where a series has no point', () => {
    expect(
      mergeSeries([
        {
          key: 'a',
          points: [
            [1, 1],
            [2, 2],
          ],
        },
        {
          key: 'b',
          points: [
            [2, 20],
            [3, 30],
          ],
        },
      ]),
    ).toEqual([
      { t: 1, a: 1 },
      { t: 2, a: 2, b: 20 },
      { t: 3, b: 30 },
    ]);
  });

  it('stacks request rate by status class, successes first and errors red', () => {
    const { rows, series } = requestRateChart(checkoutRed.requestRate);
    expect(series.map(s => s.key)).toEqual(['2xx', '5xx']);
    expect(series[1].color).toBe('#d32f2f');
    expect(rows[1]).toEqual({
      t: checkoutRed.range.start + 15_000,
      '2xx': 5.6,
      '5xx': 0.02,
    });
  });

  it('names an unlabelled series "Requests"', () => {
    const { series } = requestRateChart([{ labels: {}, points: [[1, 1]] }]);
    expect(series).toEqual([
      { key: 'all', name: 'Requests', color: expect.any(String) },
    ]);
  });

  it('turns latency seconds into milliseconds per percentile', () => {
    expect(latencyChart(checkoutRed.latency)[0]).toEqual({
      t: checkoutRed.range.start,
      p50: 37,
      p95: 210,
      p99: 260,
    });
    expect(latencyChart(undefined)).toEqual([]);
  });

  it('keeps the error ratio as a ratio', () => {
    expect(errorRatioChart(checkoutRed.errorRatio)[1].errorRatio).toBe(0.004);
  });

  describe('timeTicks', () => {
    // Local times, so the expectations hold in any time zone.
    const at = (hour: number, minute: number, day = 5) =>
      new Date(2026, 11, day, hour, minute).getTime();

    it('ticks an hour every 10 minutes, from the first round time in it', () => {
      expect(timeTicks({ start: at(11, 37), end: at(12, 37) })).toEqual([
        at(11, 40),
        at(11, 50),
        at(12, 0),
        at(12, 10),
        at(12, 20),
        at(12, 30),
      ]);
    });

    it('ticks six hours on the hour, including the ends when round', () => {
      expect(timeTicks({ start: at(6, 0), end: at(12, 0) })).toEqual([
        at(6, 0),
        at(7, 0),
        at(8, 0),
        at(9, 0),
        at(10, 0),
        at(11, 0),
        at(12, 0),
      ]);
    });

    it('ticks a week at local midnights, two days apart', () => {
      const ticks = timeTicks({ start: at(12, 0, 1), end: at(12, 0, 8) });
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks[1] - ticks[0]).toBeGreaterThanOrEqual(47 * 3_600_000);
      for (const t of ticks) {
        expect(new Date(t).getHours()).toBe(0);
        expect(new Date(t).getMinutes()).toBe(0);
      }
    });

    it('has no ticks for an empty range', () => {
      expect(timeTicks({ start: at(12, 0), end: at(12, 0) })).toEqual([]);
    });
  });

  it('tells traffic from an idle range', () => {
    expect(hasTraffic(checkoutRed)).toBe(true);
    expect(hasTraffic(idleRed)).toBe(false);
  });
});
