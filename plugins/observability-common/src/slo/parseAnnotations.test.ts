import {
  parseAvailabilityObjective,
  parseCalendarWindow,
  parseLatencyObjective,
  parseLatencyThreshold,
  parseSloWindow,
  sloDefinitionsFromAnnotations,
} from './parseAnnotations';

const AVAILABILITY = 'sightline.dev/slo-availability';
const LATENCY = 'sightline.dev/slo-latency';
const WINDOW = 'sightline.dev/slo-window';

describe('parseAvailabilityObjective', () => {
  it.each([
    ['99.9', 0.999, 99.9],
    ['99.95%', 0.9995, 99.95],
    [' 99.5 % ', 0.995, 99.5],
    ['95', 0.95, 95],
    ['99.999', 0.99999, 99.999],
  ])('reads %j', (value, objective, objectivePercent) => {
    expect(parseAvailabilityObjective(value)).toEqual({
      ok: true,
      value: { objective, objectivePercent },
    });
  });

  it('gives exact ratios, without binary noise', () => {
    // 99.9 / 100 is 0.9990000000000001 in floating point.
    expect(parseAvailabilityObjective('99.9')).toMatchObject({
      value: { objective: 0.999 },
    });
  });

  it.each([
    ['100', /no error budget/],
    ['100%', /no error budget/],
    ['120', /below 100%/],
    ['0', /greater than 0%/],
    ['-5', /not a percentage/],
    ['0.999', /looks like a ratio/],
    ['abc', /not a percentage/],
    ['', /not a percentage/],
    ['99.9%%', /not a percentage/],
    ['99,9', /not a percentage/],
    ['1e2', /not a percentage/],
  ])('refuses %j', (value, message) => {
    expect(parseAvailabilityObjective(value)).toEqual({
      ok: false,
      problem: {
        annotation: AVAILABILITY,
        value,
        message: expect.stringMatching(message),
        example: '99.9',
      },
    });
  });
});

describe('parseLatencyThreshold', () => {
  it.each([
    ['300ms', 0.3],
    ['250 ms', 0.25],
    ['1.5s', 1.5],
    ['2s', 2],
    ['0.25s', 0.25],
    ['1m', 60],
    ['1.5m', 90],
    ['0.5ms', 0.0005],
  ])('reads %j as %d s', (value, seconds) => {
    expect(parseLatencyThreshold(value)).toBe(seconds);
  });

  it.each(['0ms', '0s', '300', 'fast', '-1s', '1h', '300 msec'])(
    'refuses %j',
    value => {
      expect(parseLatencyThreshold(value)).toBeUndefined();
    },
  );
});

describe('parseLatencyObjective', () => {
  it.each([
    ['99% < 300ms', 99, 0.99, 0.3],
    ['p95 < 1.5s', 95, 0.95, 1.5],
    ['99.5% < 250 ms', 99.5, 0.995, 0.25],
    ['P99.9 <= 2s', 99.9, 0.999, 2],
    ['  90%<100ms ', 90, 0.9, 0.1],
  ])('reads %j', (value, percentile, objective, thresholdSeconds) => {
    expect(parseLatencyObjective(value)).toEqual({
      ok: true,
      value: {
        objective,
        objectivePercent: percentile,
        percentile,
        thresholdSeconds,
      },
    });
  });

  it.each([
    ['99% < 0ms', /greater than 0/],
    ['99% < fast', /"fast" is not a latency threshold/],
    ['99% < 300', /"300" is not a latency threshold/],
    ['100% < 300ms', /no error budget/],
    ['p0 < 300ms', /greater than 0%/],
    ['300ms', /not a latency objective/],
    ['99 < 300ms', /not a latency objective/],
    ['99% > 300ms', /not a latency objective/],
    ['', /not a latency objective/],
  ])('refuses %j', (value, message) => {
    expect(parseLatencyObjective(value)).toEqual({
      ok: false,
      problem: expect.objectContaining({
        annotation: LATENCY,
        value,
        message: expect.stringMatching(message),
        example: expect.stringContaining('99% < 300ms'),
      }),
    });
  });
});

describe('parseSloWindow', () => {
  it.each([
    ['30d', 30 * 86_400_000],
    ['28d', 28 * 86_400_000],
    ['7d', 7 * 86_400_000],
    ['1w', 7 * 86_400_000],
    ['1h', 3_600_000],
    ['400d', 400 * 86_400_000],
    ['720h', 30 * 86_400_000],
  ])('reads %j', (window, windowMs) => {
    expect(parseSloWindow(window)).toEqual({
      ok: true,
      value: { window, windowMs },
    });
  });

  it.each([
    ['59m', /shorter than 1h/],
    ['401d', /longer than 400d/],
    ['1M', /months, quarters and years vary/],
    ['30 days', /not a duration/],
    ['0d', /not a duration/],
    ['thirty', /not a duration/],
  ])('refuses %j', (value, message) => {
    expect(parseSloWindow(value)).toEqual({
      ok: false,
      problem: {
        annotation: WINDOW,
        value,
        message: expect.stringMatching(message),
        example: '30d',
      },
    });
  });
});

describe('parseCalendarWindow', () => {
  it.each([
    ['calendar-month', 'month', 'UTC', 31],
    ['calendar-week', 'week', 'UTC', 7],
    [' calendar-month   Europe/Berlin ', 'month', 'Europe/Berlin', 31],
    ['calendar-week America/New_York', 'week', 'America/New_York', 7],
  ])('reads %j', (value, unit, timeZone, days) => {
    expect(parseCalendarWindow(value)).toEqual({
      ok: true,
      value: {
        window: value.trim().replace(/\s+/g, ' '),
        windowMs: days * 86_400_000,
        calendar: { unit, timeZone },
      },
    });
  });

  it('leaves rolling windows to parseSloWindow', () => {
    expect(parseCalendarWindow('30d')).toBeUndefined();
  });

  it.each([
    ['calendar-quarter', /not a calendar window/],
    [
      'calendar-month Mars/Olympus_Mons',
      /"Mars\/Olympus_Mons" is not a time zone/,
    ],
    ['calendar-month Europe/Berlin extra', /not a calendar window/],
  ])('refuses %j, naming the annotation', (value, message) => {
    expect(parseCalendarWindow(value)).toEqual({
      ok: false,
      problem: expect.objectContaining({
        annotation: WINDOW,
        value,
        message: expect.stringMatching(message),
      }),
    });
  });
});

describe('sloDefinitionsFromAnnotations', () => {
  it('reads both SLOs with the default 30-day window', () => {
    const { definitions, problems } = sloDefinitionsFromAnnotations({
      [AVAILABILITY]: '99.9',
      [LATENCY]: '99% < 300ms',
    });
    expect(problems).toEqual([]);
    expect(definitions).toEqual([
      {
        id: 'availability',
        name: 'Availability',
        description:
          '99.9% of requests succeed over a rolling 30d (the default window)',
        sli: 'availability',
        objective: 0.999,
        objectivePercent: 99.9,
        window: '30d',
        windowMs: 2_592_000_000,
        indicator: { type: 'dialect' },
        source: 'annotation',
        declaredAt: { annotation: AVAILABILITY },
        budgetingMethod: 'Occurrences',
      },
      {
        id: 'latency',
        name: 'Latency',
        description:
          '99% of requests complete within 300ms over a rolling 30d (the default window)',
        sli: 'latency',
        objective: 0.99,
        objectivePercent: 99,
        window: '30d',
        windowMs: 2_592_000_000,
        latencyThresholdSeconds: 0.3,
        latencyPercentile: 99,
        indicator: { type: 'dialect' },
        source: 'annotation',
        declaredAt: { annotation: LATENCY },
        budgetingMethod: 'Occurrences',
      },
    ]);
  });

  it('uses the declared window', () => {
    const { definitions } = sloDefinitionsFromAnnotations({
      [AVAILABILITY]: '99.5%',
      [WINDOW]: '28d',
    });
    expect(definitions).toEqual([
      expect.objectContaining({
        window: '28d',
        windowMs: 28 * 86_400_000,
        description: '99.5% of requests succeed over a rolling 28d',
      }),
    ]);
  });

  it('reads a calendar window with its time zone', () => {
    const { definitions, problems } = sloDefinitionsFromAnnotations({
      [AVAILABILITY]: '99.9',
      [WINDOW]: 'calendar-month Europe/Berlin',
    });
    expect(problems).toEqual([]);
    expect(definitions).toEqual([
      expect.objectContaining({
        window: 'calendar-month Europe/Berlin',
        windowMs: 31 * 86_400_000,
        calendar: { unit: 'month', timeZone: 'Europe/Berlin' },
        description:
          '99.9% of requests succeed per calendar month (Europe/Berlin)',
      }),
    ]);
  });

  it('drops only the malformed SLO', () => {
    const { definitions, problems } = sloDefinitionsFromAnnotations({
      [AVAILABILITY]: '100',
      [LATENCY]: 'p95 < 1.5s',
    });
    expect(definitions.map(d => d.id)).toEqual(['latency']);
    expect(problems).toEqual([
      expect.objectContaining({ annotation: AVAILABILITY, value: '100' }),
    ]);
  });

  it('drops both SLOs when the window is malformed, rather than guess it', () => {
    const { definitions, problems } = sloDefinitionsFromAnnotations({
      [AVAILABILITY]: '99.9',
      [LATENCY]: '99% < 300ms',
      [WINDOW]: '1M',
    });
    expect(definitions).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ annotation: WINDOW, value: '1M' }),
    ]);
  });

  it('gives nothing without SLO annotations, even with a window', () => {
    expect(sloDefinitionsFromAnnotations({ [WINDOW]: 'bad' })).toEqual({
      definitions: [],
      problems: [],
    });
  });
});
