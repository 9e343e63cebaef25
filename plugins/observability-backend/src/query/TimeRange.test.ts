import { parseTime, resolveTimeRange } from './TimeRange';

const limits = { maxRangeMs: 31 * 86_400_000, maxPointsPerSeries: 1100 };
const now = Date.parse('2026-11-21T12:00:07Z');

describe('resolveTimeRange', () => {
  it('defaults to the last hour at a 15 s step, aligned', () => {
    const range = resolveTimeRange({}, limits, now);
    expect(range.stepMs).toBe(15_000);
    expect(range.start % 15_000).toBe(0);
    expect(range.end % 15_000).toBe(0);
    expect(range.end).toBeGreaterThanOrEqual(now);
  });

  it('keeps 30 days under the points limit', () => {
    const range = resolveTimeRange(
      { from: String((now - 30 * 86_400_000) / 1000), to: String(now / 1000) },
      limits,
      now,
    );
    expect((range.end - range.start) / range.stepMs + 1).toBeLessThanOrEqual(
      1100,
    );
    expect(range.stepMs).toBe(3_600_000);
  });

  it('gives the same range for requests a few seconds apart', () => {
    const a = resolveTimeRange(
      { from: '2026-11-20T12:00:01Z', to: '2026-11-21T12:00:01Z' },
      limits,
      now,
    );
    const b = resolveTimeRange(
      { from: '2026-11-20T12:00:04Z', to: '2026-11-21T12:00:04Z' },
      limits,
      now,
    );
    expect(a).toEqual(b);
  });

  it.each([
    [
      { from: '2026-11-21T12:00:00Z', to: '2026-11-21T11:00:00Z' },
      "'from' must be before 'to'",
    ],
    [
      { from: '2026-01-01T00:00:00Z', to: '2026-11-21T00:00:00Z' },
      'longer than the limit of 31d',
    ],
    [{ to: '2030-01-01T00:00:00Z' }, "'to' is in the future"],
    [{ from: 'yesterday' }, "'from' must be epoch seconds or an ISO-8601 time"],
    [{ from: 'NaN' }, "'from' must be epoch seconds"],
    [{ from: '-5' }, "'from' must be epoch seconds"],
  ])('refuses %j', (params, message) => {
    expect(() => resolveTimeRange(params, limits, now)).toThrow(message);
  });
});

describe('parseTime', () => {
  it('reads seconds, milliseconds and ISO', () => {
    expect(parseTime('1763726400', 'x')).toBe(1763726400000);
    expect(parseTime('1763726400123', 'x')).toBe(1763726400123);
    expect(parseTime('2026-11-21T12:00:00Z', 'x')).toBe(
      Date.parse('2026-11-21T12:00:00Z'),
    );
  });
});
