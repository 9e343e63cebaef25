import {
  MAX_OCCURRENCES,
  exclusionsFor,
  mergeIntervals,
  occurrences,
} from './excludedIntervals';

const HOUR_MS = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('excluded intervals', () => {
  it('merges overlapping and touching intervals, by start', () => {
    expect(
      mergeIntervals([
        { startMs: 50, endMs: 60 },
        { startMs: 0, endMs: 10 },
        { startMs: 5, endMs: 20 },
        { startMs: 20, endMs: 30 },
      ]),
    ).toEqual([
      { startMs: 0, endMs: 30 },
      { startMs: 50, endMs: 60 },
    ]);
  });

  it('clips a recurrence to the range, including an occurrence that began before it', () => {
    const { intervals, truncated } = occurrences(
      {
        reason: 'Nightly backup',
        start: '2026-11-01T23:30:00Z',
        durationMs: HOUR_MS,
        rrule: 'FREQ=DAILY',
      },
      at('2026-11-03T00:00:00Z'),
      at('2026-11-04T12:00:00Z'),
    );
    expect(truncated).toBe(false);
    expect(intervals).toEqual([
      {
        startMs: at('2026-11-03T00:00:00Z'),
        endMs: at('2026-11-03T00:30:00Z'),
      },
      {
        startMs: at('2026-11-03T23:30:00Z'),
        endMs: at('2026-11-04T00:30:00Z'),
      },
    ]);
  });

  it(`expands at most ${MAX_OCCURRENCES} occurrences per range and names the adjustment beyond`, () => {
    const hourly = {
      id: 'entity:hourly',
      source: 'entity' as const,
      reason: 'Hourly cron',
      start: '2026-11-01T00:00:00Z',
      durationMs: 60_000,
      rrule: 'FREQ=HOURLY',
    };
    const from = at('2026-11-01T00:00:00Z');
    const exclusions = exclusionsFor(
      [hourly],
      'availability',
      from,
      from + 7 * 24 * HOUR_MS,
    );
    expect(exclusions.intervals).toHaveLength(MAX_OCCURRENCES);
    expect(exclusions.truncated).toEqual(['entity:hourly']);
    // The occurrences kept are the range's first ones.
    expect(exclusions.intervals[MAX_OCCURRENCES - 1].startMs).toBe(
      from + (MAX_OCCURRENCES - 1) * HOUR_MS,
    );
  });

  it('applies an adjustment to the SLOs it names only', () => {
    const only = {
      id: 'config:x',
      source: 'config' as const,
      reason: 'Latency only',
      start: '2026-11-01T00:00:00Z',
      durationMs: HOUR_MS,
      sloIds: ['latency'],
    };
    const from = at('2026-11-01T00:00:00Z');
    expect(
      exclusionsFor([only], 'availability', from, from + 2 * HOUR_MS).intervals,
    ).toEqual([]);
    expect(
      exclusionsFor([only], 'latency', from, from + 2 * HOUR_MS).adjustmentIds,
    ).toEqual(['config:x']);
  });
});
