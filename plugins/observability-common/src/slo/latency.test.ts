import {
  findBucketBoundary,
  latencyGoodEvents,
  latencyThresholdFromQuery,
  parseBucketBoundary,
} from './latency';

// The default buckets of prom-client and the Prometheus Go client.
const DEFAULT_BUCKETS = [
  '0.005',
  '0.01',
  '0.025',
  '0.05',
  '0.1',
  '0.25',
  '0.5',
  '1',
  '2.5',
  '5',
  '10',
  '+Inf',
];
const METRIC = 'http_request_duration_seconds';

describe('parseBucketBoundary', () => {
  it.each([
    ['0.25', 0.25],
    ['1e-3', 0.001],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['1', 1],
    [2.5, 2.5],
  ])('reads %j', (le, value) => {
    expect(parseBucketBoundary(le)).toBe(value);
  });

  it.each(['', 'fast', '0.3s', Number.NaN])('refuses %j', le => {
    expect(parseBucketBoundary(le)).toBeUndefined();
  });
});

describe('findBucketBoundary', () => {
  it('finds the exact boundary, spelled as the histogram spells it', () => {
    expect(
      findBucketBoundary(DEFAULT_BUCKETS, 0.25, { metric: METRIC }),
    ).toEqual({ ok: true, le: '0.25', seconds: 0.25 });
    expect(findBucketBoundary(DEFAULT_BUCKETS, 1)).toEqual({
      ok: true,
      le: '1',
      seconds: 1,
    });
  });

  it('matches despite binary noise', () => {
    // 300 ms parsed from an annotation is 0.3; a boundary of 0.1 + 0.2 is
    // 0.30000000000000004.
    expect(findBucketBoundary([0.1 + 0.2], 0.3)).toMatchObject({ ok: true });
  });

  it('names the nearest boundaries below and above', () => {
    expect(
      findBucketBoundary(DEFAULT_BUCKETS, 0.3, { metric: METRIC }),
    ).toEqual({
      ok: false,
      message:
        '300ms is not a bucket boundary of http_request_duration_seconds; the nearest are 250ms and 500ms',
      below: 0.25,
      above: 0.5,
    });
    expect(findBucketBoundary(DEFAULT_BUCKETS, 1.5)).toMatchObject({
      message:
        '1.5s is not a bucket boundary of the histogram; the nearest are 1s and 2.5s',
    });
  });

  it('names the smallest or largest boundary at the ends', () => {
    expect(
      findBucketBoundary(DEFAULT_BUCKETS, 0.001, { metric: METRIC }),
    ).toEqual({
      ok: false,
      message:
        '1ms is not a bucket boundary of http_request_duration_seconds; the smallest is 5ms',
      above: 0.005,
    });
    expect(findBucketBoundary(DEFAULT_BUCKETS, 30)).toMatchObject({
      message:
        '30s is not a bucket boundary of the histogram; the largest is 10s',
      below: 10,
    });
  });

  it('reads millisecond histograms', () => {
    // le="250" in milliseconds is 0.25 s.
    const buckets = ['50', '100', '250', '500', '+Inf'];
    expect(findBucketBoundary(buckets, 0.25, { unit: 'milliseconds' })).toEqual(
      { ok: true, le: '250', seconds: 0.25 },
    );
    expect(
      findBucketBoundary(buckets, 0.3, {
        unit: 'milliseconds',
        metric: 'kbot_duration_milliseconds',
      }),
    ).toMatchObject({
      message:
        '300ms is not a bucket boundary of kbot_duration_milliseconds; the nearest are 250ms and 500ms',
    });
  });

  it('explains a histogram without finite boundaries', () => {
    expect(findBucketBoundary(['+Inf'], 0.3, { metric: METRIC })).toEqual({
      ok: false,
      message:
        '300ms cannot be measured: the histogram http_request_duration_seconds has no finite bucket boundaries',
    });
  });
});

describe('latencyGoodEvents', () => {
  // Cumulative bucket increases over a window: 9,700 requests at or below
  // 250 ms, 9,950 at or below 500 ms, 10,000 in all.
  const buckets = [
    { le: '0.1', count: 8_000 },
    { le: '0.25', count: 9_700 },
    { le: '0.5', count: 9_950 },
    { le: '+Inf', count: 10_000 },
  ];

  it('counts the bucket at the threshold as good', () => {
    expect(latencyGoodEvents(buckets, 0.25)).toEqual({
      ok: true,
      le: '0.25',
      good: 9_700,
      total: 10_000,
    });
  });

  it('refuses a threshold between boundaries', () => {
    expect(latencyGoodEvents(buckets, 0.3, { metric: METRIC })).toEqual({
      ok: false,
      message:
        '300ms is not a bucket boundary of http_request_duration_seconds; the nearest are 250ms and 500ms',
    });
  });

  it('leaves the total out when there is no +Inf bucket', () => {
    expect(latencyGoodEvents(buckets.slice(0, 2), 0.1)).toEqual({
      ok: true,
      le: '0.1',
      good: 8_000,
      total: undefined,
    });
  });
});

describe('latencyThresholdFromQuery', () => {
  it.each([
    [
      'sum(rate(http_request_duration_seconds_bucket{job="api",le="0.2"}[{{.window}}]))',
      0.2,
    ],
    ['sum(rate(x_duration_milliseconds_bucket{le="250"}[5m]))', 0.25],
    ['sum(rate(http_requests_total{code=~"5.."}[5m]))', undefined],
    ['sum(rate(queue_wait_bucket{le="3"}[5m]))', undefined],
    ['sum(rate(x_seconds_bucket{le="+Inf"}[5m]))', undefined],
  ])('reads %j', (query, seconds) => {
    expect(latencyThresholdFromQuery(query)).toBe(seconds);
  });
});
