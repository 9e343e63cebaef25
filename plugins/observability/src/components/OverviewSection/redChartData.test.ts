import { checkoutRed, idleRed } from './__fixtures__/red';
import {
  errorRatioChart,
  hasTraffic,
  highestValue,
  latencyChart,
  mergeSeries,
  requestRateChart,
  seriesWithValues,
  thinRows,
  timeAxis,
} from './redChartData';
import { createTimeFormatter, TimeFormatter } from '../shared/timeFormat';

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

  describe('timeAxis', () => {
    const utc = createTimeFormatter('utc', { locale: 'en-GB' });
    // UTC+05:30: an hour of UTC is not an hour of this clock.
    const kolkata = createTimeFormatter('local', {
      locale: 'en-GB',
      localTimeZone: 'Asia/Kolkata',
    });
    const labels = (
      start: string,
      end: string,
      timeFormat: TimeFormatter = utc,
    ) => {
      const axis = timeAxis(
        { start: Date.parse(start), end: Date.parse(end) },
        timeFormat,
      );
      return axis.ticks.map(axis.format);
    };

    it('ticks an hour every 10 minutes, from the first round time in it', () => {
      expect(labels('2026-12-05T11:37:00Z', '2026-12-05T12:37:00Z')).toEqual([
        '11:40',
        '11:50',
        '12:00',
        '12:10',
        '12:20',
        '12:30',
      ]);
    });

    it("ticks on the hours of the viewer's zone", () => {
      expect(
        labels('2026-12-05T06:00:00Z', '2026-12-05T12:00:00Z', kolkata),
      ).toEqual(['12:00', '13:00', '14:00', '15:00', '16:00', '17:00']);
    });

    it("ticks a week at the zone's midnights, labelled by day", () => {
      expect(
        labels('2026-12-01T12:00:00Z', '2026-12-08T12:00:00Z', kolkata),
      ).toEqual(['3 Dec', '5 Dec', '7 Dec']);
    });

    it('never gives two ticks the same label', () => {
      const end = Date.parse('2026-12-06T21:06:04Z');
      for (const hours of [0.25, 1, 6, 24, 36, 48, 72, 7 * 24, 30 * 24]) {
        for (const timeFormat of [utc, kolkata]) {
          const axis = timeAxis(
            { start: end - hours * 3_600_000, end },
            timeFormat,
          );
          const shown = axis.ticks.map(axis.format);
          expect(new Set(shown).size).toBe(shown.length);
        }
      }
      // Exactly a day from midnight: both ends are round, and read apart.
      expect(labels('2026-12-05T00:00:00Z', '2026-12-06T00:00:00Z')).toEqual([
        '5 Dec, 00:00',
        '5 Dec, 06:00',
        '5 Dec, 12:00',
        '5 Dec, 18:00',
        '6 Dec, 00:00',
      ]);
    });

    it('has no ticks for an empty range', () => {
      expect(labels('2026-12-05T12:00:00Z', '2026-12-05T12:00:00Z')).toEqual(
        [],
      );
    });
  });

  it('leaves out of a stack a series that is zero everywhere', () => {
    const { rows, series } = requestRateChart([
      ...checkoutRed.requestRate,
      {
        labels: { status: '4xx' },
        points: checkoutRed.requestRate[0].points.map(([t]) => [t, 0]),
      },
    ]);
    expect(series.map(s => s.key)).toEqual(['2xx', '4xx', '5xx']);
    expect(seriesWithValues(rows, series).map(s => s.key)).toEqual([
      '2xx',
      '5xx',
    ]);
  });

  it('finds the top of a stack and of separate lines', () => {
    const { rows, series } = requestRateChart(checkoutRed.requestRate);
    expect(highestValue(rows, series, true)).toBeCloseTo(5.62);
    expect(highestValue(rows, series, false)).toBeCloseTo(5.6);
  });

  it('tells traffic from an idle range', () => {
    expect(hasTraffic(checkoutRed)).toBe(true);
    expect(hasTraffic(idleRed)).toBe(false);
  });

  describe('thinRows', () => {
    const series = [
      { key: 'a', name: 'a', color: 'red' },
      { key: 'b', name: 'b', color: 'blue' },
    ];
    // A week at 10-minute steps: 1008 rows, flat but for one spike, one drop and one gap.
    const unusual: Record<number, number> = { 301: 50, 602: 0 };
    const week = Array.from({ length: 1008 }, (_, i) => ({
      t: i * 600_000,
      a: unusual[i] ?? 5,
      b: i === 803 ? undefined : 1,
    }));

    it('keeps at most one row per pixel, in time order, the last row among them', () => {
      const thinned = thinRows(week, series, 500);
      expect(thinned.length).toBeLessThanOrEqual(501);
      // Every two pixels keep a row; a flat stretch needs no more.
      expect(thinned.length).toBeGreaterThanOrEqual(250);
      expect(thinned.map(r => r.t)).toEqual(
        [...thinned.map(r => r.t)].sort((x, y) => x - y),
      );
      expect(thinned[thinned.length - 1]).toBe(week[1007]);
    });

    it("keeps a one-step spike, drop and gap, each pixel's extremes", () => {
      const thinned = thinRows(week, series, 500);
      expect(thinned).toContain(week[301]);
      expect(thinned).toContain(week[602]);
      expect(thinned).toContain(week[803]);
    });

    it('leaves rows alone when the chart has a pixel for each', () => {
      const hour = week.slice(0, 60);
      expect(thinRows(hour, series, 500)).toBe(hour);
    });
  });
});
