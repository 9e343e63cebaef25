import {
  calendarPeriod,
  daySpans,
  isTimeZone,
  sloPeriod,
  timeZoneOffsetMs,
} from './calendar';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (text: string) => Date.parse(text);

// Every expected boundary below is written out from the zones' rules
// (IANA tzdata), not computed: EU summer time 2026 runs from 29 March
// 01:00 UTC to 25 October 01:00 UTC; the US from 8 March to 1 November
// 2026 (02:00 local); India is UTC+5:30 all year; Chile's summer time
// starts on the first Sunday on or after 2 September at 04:00 UTC (local
// midnight jumps to 01:00: 6 September 2026 has no midnight).
describe('calendarPeriod', () => {
  it.each([
    [
      'a UTC month',
      { unit: 'month', timeZone: 'UTC' },
      '2026-12-06T22:09:17Z',
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ],
    [
      'December runs into the next year',
      { unit: 'month', timeZone: 'UTC' },
      '2026-12-31T23:59:59.999Z',
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ],
    [
      'a Berlin month that loses an hour (CET → CEST)',
      { unit: 'month', timeZone: 'Europe/Berlin' },
      '2026-03-31T21:59:59Z',
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ],
    [
      'the next Berlin month, one UTC day earlier than UTC’s',
      { unit: 'month', timeZone: 'Europe/Berlin' },
      '2026-03-31T22:00:00Z',
      '2026-03-31T22:00:00.000Z',
      '2026-04-30T22:00:00.000Z',
    ],
    [
      'a Kolkata month (UTC+5:30)',
      { unit: 'month', timeZone: 'Asia/Kolkata' },
      '2026-12-06T22:09:17Z',
      '2026-11-30T18:30:00.000Z',
      '2026-12-31T18:30:00.000Z',
    ],
    [
      'a New York week (Monday to Monday) that gains an hour',
      { unit: 'week', timeZone: 'America/New_York' },
      // Sunday 1 November 2026, 22:00 EST.
      '2026-11-02T03:00:00Z',
      '2026-10-26T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ],
    [
      'a UTC week starting on Sunday',
      { unit: 'week', timeZone: 'UTC', weekStart: 7 },
      // Sunday 6 December 2026.
      '2026-12-06T22:09:17Z',
      '2026-12-06T00:00:00.000Z',
      '2026-12-13T00:00:00.000Z',
    ],
  ] as const)('%s', (_name, calendar, at, start, end) => {
    const period = calendarPeriod(calendar, ms(at));
    expect([iso(period.startMs), iso(period.endMs)]).toEqual([start, end]);
  });

  it('starts a day that has no midnight at the jump (Santiago, 6 September 2026)', () => {
    const period = calendarPeriod(
      { unit: 'week', timeZone: 'America/Santiago', weekStart: 7 },
      ms('2026-09-07T12:00:00Z'),
    );
    // Sunday 00:00 −04 does not exist; 01:00 −03 is 04:00 UTC.
    expect(iso(period.startMs)).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(period.endMs)).toBe('2026-09-13T03:00:00.000Z');
  });
});

describe('sloPeriod', () => {
  it('is the window before the instant for rolling windows', () => {
    const at = ms('2026-12-06T22:09:17Z');
    expect(sloPeriod({ windowMs: 30 * DAY }, at)).toEqual({
      startMs: at - 30 * DAY,
      endMs: at,
      lengthMs: 30 * DAY,
      timeZone: 'UTC',
    });
  });

  it('is the whole calendar period, of its own length, for calendar windows', () => {
    const calendar = { unit: 'month', timeZone: 'Europe/Berlin' } as const;
    const period = sloPeriod(
      { windowMs: 31 * DAY, calendar },
      ms('2026-03-15T12:00:00Z'),
    );
    // March in Berlin: 31 days less the hour summer time takes.
    expect(period.lengthMs).toBe(31 * DAY - HOUR);
    expect(period.calendar).toBe(calendar);
    expect(period.timeZone).toBe('Europe/Berlin');
  });
});

describe('daySpans', () => {
  it('cuts a rolling window into UTC days, partial at both ends', () => {
    const at = ms('2026-12-06T22:09:17Z');
    const spans = daySpans(at - 30 * DAY, at);
    expect(spans).toHaveLength(31);
    expect(spans[0]).toEqual({
      day: '2026-11-06',
      startMs: ms('2026-11-06T22:09:17Z'),
      endMs: ms('2026-11-07T00:00:00Z'),
    });
    expect(spans[1]).toEqual({
      day: '2026-11-07',
      startMs: ms('2026-11-07T00:00:00Z'),
      endMs: ms('2026-11-08T00:00:00Z'),
    });
    expect(spans[30]).toEqual({
      day: '2026-12-06',
      startMs: ms('2026-12-06T00:00:00Z'),
      endMs: at,
    });
  });

  it('cuts at local midnights: 23 and 25 hour days where the clocks change', () => {
    const spans = daySpans(
      ms('2026-03-28T23:00:00Z'),
      ms('2026-03-30T22:00:00Z'),
      'Europe/Berlin',
    );
    expect(
      spans.map(s => [s.day, (s.endMs - s.startMs) / HOUR, iso(s.startMs)]),
    ).toEqual([
      ['2026-03-29', 23, '2026-03-28T23:00:00.000Z'],
      ['2026-03-30', 24, '2026-03-29T22:00:00.000Z'],
    ]);
    const autumn = daySpans(
      ms('2026-10-24T22:00:00Z'),
      ms('2026-10-25T23:00:00Z'),
      'Europe/Berlin',
    );
    expect(autumn.map(s => [s.day, (s.endMs - s.startMs) / HOUR])).toEqual([
      ['2026-10-25', 25],
    ]);
  });

  it('is empty for an empty range', () => {
    const at = ms('2026-12-01T00:00:00Z');
    expect(daySpans(at, at)).toEqual([]);
  });
});

describe('isTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('timeZoneOffsetMs', () => {
  it('follows daylight saving, to the millisecond and before 1970', () => {
    expect(
      timeZoneOffsetMs(Date.UTC(2026, 0, 15, 12, 0, 0, 999), 'Europe/Berlin'),
    ).toBe(3_600_000);
    expect(timeZoneOffsetMs(Date.UTC(2026, 6, 15, 12), 'Europe/Berlin')).toBe(
      7_200_000,
    );
    expect(
      timeZoneOffsetMs(Date.UTC(1969, 6, 15, 12, 0, 0, 1), 'America/New_York'),
    ).toBe(-4 * 3_600_000);
  });
});
