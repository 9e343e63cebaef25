import { checkoutRed, idleRed } from './__fixtures__/red';
import {
  errorRatioChart,
  hasTraffic,
  latencyChart,
  mergeSeries,
  requestRateChart,
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

  it('tells traffic from an idle range', () => {
    expect(hasTraffic(checkoutRed)).toBe(true);
    expect(hasTraffic(idleRed)).toBe(false);
  });
});
