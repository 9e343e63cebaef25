import { InputError } from '@backstage/errors';
import { parseTime, resolveSeriesRange, resolveTimeRange } from './TimeRange';

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
    [
      { from: 'yesterday' },
      "'from' must be epoch seconds, epoch milliseconds or an RFC 3339 time",
    ],
    [{ from: 'NaN' }, "'from' must be epoch seconds"],
    [{ from: '-5' }, "'from' must be epoch seconds"],
  ])('refuses %j', (params, message) => {
    expect(() => resolveTimeRange(params, limits, now)).toThrow(message);
  });
});

describe('resolveSeriesRange', () => {
  const sevenDays = {
    from: String((now - 7 * 86_400_000) / 1000),
    to: String(now / 1000),
  };

  it('ends a 7-day range at the last whole step before now, not after it', () => {
    const range = resolveSeriesRange(sevenDays, limits, now);
    expect(range.stepMs).toBe(600_000);
    expect(range.end).toBe(Date.parse('2026-11-21T12:00:00Z'));
    expect(range.start % range.stepMs).toBe(0);
  });

  it('never ends after now, even when asked to (clock skew)', () => {
    const range = resolveSeriesRange(
      { from: '2026-11-21T11:00:00Z', to: '2026-11-21T12:04:00Z' },
      limits,
      now,
    );
    expect(range.end).toBeLessThanOrEqual(now);
    expect(range.end).toBe(Date.parse('2026-11-21T12:00:00Z'));
  });

  it('ends a range in the past at its last step inside it', () => {
    const range = resolveSeriesRange(
      { from: '2026-11-20T00:00:00Z', to: '2026-11-20T23:59:00Z' },
      limits,
      now,
    );
    expect(range.stepMs).toBe(120_000);
    expect(range.end).toBe(Date.parse('2026-11-20T23:58:00Z'));
  });

  it('refuses what resolveTimeRange refuses', () => {
    expect(() =>
      resolveSeriesRange({ to: '2030-01-01T00:00:00Z' }, limits, now),
    ).toThrow("'to' is in the future");
  });
});

describe('parseTime', () => {
  const iso = (text: string) => new Date(text).getTime();

  it.each([
    // Epoch seconds, as the frontend sends them (milliseconds / 1000).
    ['1763726400', iso('2025-11-21T12:00:00Z')],
    ['1763726400.123', iso('2025-11-21T12:00:00.123Z')],
    ['1763726400.5', iso('2025-11-21T12:00:00.500Z')],
    ['1763726400.123456789', iso('2025-11-21T12:00:00.123Z')],
    ['100000000', iso('1973-03-03T09:46:40Z')],
    // Epoch milliseconds.
    ['1763726400123', iso('2025-11-21T12:00:00.123Z')],
    ['100000000000', iso('1973-03-03T09:46:40Z')],
    // RFC 3339, as the frontend sends it (toISOString) and as people write it.
    ['2026-11-21T12:00:00Z', iso('2026-11-21T12:00:00Z')],
    ['2026-11-21T12:00:00.000Z', iso('2026-11-21T12:00:00Z')],
    ['2026-11-21t12:00:00z', iso('2026-11-21T12:00:00Z')],
    ['2026-11-21T12:00:00.1Z', iso('2026-11-21T12:00:00.100Z')],
    ['2026-11-21T12:00:00.123456789Z', iso('2026-11-21T12:00:00.123Z')],
    ['2026-11-21T13:30:00+01:30', iso('2026-11-21T12:00:00Z')],
    ['2026-11-21T07:00:00-05:00', iso('2026-11-21T12:00:00Z')],
    ['2026-11-21T12:00:00-00:00', iso('2026-11-21T12:00:00Z')],
    ['2026-11-22T11:59:00+23:59', iso('2026-11-21T12:00:00Z')],
    ['2024-02-29T00:00:00Z', iso('2024-02-29T00:00:00Z')],
    ['2000-02-29T00:00:00Z', iso('2000-02-29T00:00:00Z')],
    ['2026-12-31T23:59:59.999Z', iso('2026-12-31T23:59:59.999Z')],
    ['1970-01-01T00:00:00Z', 0],
    ['9999-12-31T23:59:59Z', iso('9999-12-31T23:59:59Z')],
  ])('reads %s', (value, ms) => {
    expect(parseTime(value, 'at')).toBe(ms);
  });

  const notATime =
    "'at' must be epoch seconds, epoch milliseconds or an RFC 3339 time";
  const notOnCalendar = "'at' is not a time that exists on the calendar";
  const before1970 = "'at' must not be before 1970-01-01T00:00:00Z";

  it.each([
    // Injection and junk: Date.parse reads the first three as 2001-01-01.
    ["' OR '1'='1", notATime],
    ['1', notATime],
    ['x 1 2', notATime],
    ['', notATime],
    [' ', notATime],
    ['now', notATime],
    ['now-1h', notATime],
    ['yesterday', notATime],
    ['NaN', notATime],
    ['Infinity', notATime],
    ['null', notATime],
    ['undefined', notATime],
    ['true', notATime],
    ['[]', notATime],
    ['{}', notATime],
    ['0x6920A8C0', notATime],
    ['1e9', notATime],
    ['1.7e12', notATime],
    ['${7*7}', notATime],
    ['<script>', notATime],
    ['2026-11-21T12:00:00Z; DROP TABLE x', notATime],
    ['2026-11-21T12:00:00Z\n', notATime],
    ['2026-11-21T12:00:00Z\u0000', notATime],
    // Epoch: signs, spaces, too few or too many digits, fractions of ms.
    ['-5', notATime],
    ['-1763726400', notATime],
    ['+1763726400', notATime],
    [' 1763726400', notATime],
    ['1763726400 ', notATime],
    ['0', notATime],
    ['12345678', notATime],
    ['999999999999999', notATime],
    ['99999999999999999999999999', notATime],
    ['1763726400123.5', notATime],
    ['1763726400.', notATime],
    ['.5', notATime],
    ['1763726400.1234567891', notATime],
    ['1١٢٣٤٥٦٧٨', notATime],
    // Not RFC 3339: no offset (local time), no seconds, other layouts.
    ['2026-11-21T12:00:00', notATime],
    ['2026-11-21T12:00Z', notATime],
    ['2026-11-21', notATime],
    ['2026-11-21 12:00:00Z', notATime],
    ['2026-11-21T12:00:00+0100', notATime],
    ['2026-11-21T12:00:00+01', notATime],
    ['2026-11-21T12:00:00 UTC', notATime],
    ['2026-11-21T12:00:00GMT', notATime],
    ['2026-W47-6T12:00:00Z', notATime],
    ['2026-325T12:00:00Z', notATime],
    ['+002026-11-21T12:00:00Z', notATime],
    ['20261121T120000Z', notATime],
    ['Sat, 21 Nov 2026 12:00:00 GMT', notATime],
    ['11/21/2026', notATime],
    ['2026-11-21T12:00:00.Z', notATime],
    ['2026-11-21T12:00:00,5Z', notATime],
    ['2026-11-21T12:00:00.1234567890Z', notATime],
    ['2026-1-21T12:00:00Z', notATime],
    ['２０２６-11-21T12:00:00Z', notATime],
    // Well-formed, but not on the calendar: Date would roll these over.
    ['2026-02-30T00:00:00Z', notOnCalendar],
    ['2026-02-29T00:00:00Z', notOnCalendar],
    ['2100-02-29T00:00:00Z', notOnCalendar],
    ['2026-04-31T00:00:00Z', notOnCalendar],
    ['2026-13-01T00:00:00Z', notOnCalendar],
    ['2026-00-10T00:00:00Z', notOnCalendar],
    ['2026-11-00T00:00:00Z', notOnCalendar],
    ['2026-11-32T00:00:00Z', notOnCalendar],
    ['2026-11-21T24:00:00Z', notOnCalendar],
    ['2026-11-21T12:60:00Z', notOnCalendar],
    ['2026-12-31T23:59:60Z', notOnCalendar],
    ['2026-11-21T12:00:00+24:00', notOnCalendar],
    ['2026-11-21T12:00:00+01:60', notOnCalendar],
    // Before anything is stored.
    ['1969-12-31T23:59:59Z', before1970],
    ['0070-01-01T00:00:00Z', before1970],
    ['0000-01-01T00:00:00Z', before1970],
    ['1970-01-01T00:30:00+01:00', before1970],
  ])('refuses %j, naming the parameter', (value, message) => {
    expect(() => parseTime(value, 'at')).toThrow(InputError);
    expect(() => parseTime(value, 'at')).toThrow(message);
  });

  it('quotes and shortens the value it refuses', () => {
    expect(() => parseTime(`"${'x'.repeat(100)}`, 'from')).toThrow(
      `not "\\"${'x'.repeat(39)}"`,
    );
  });
});
