import { opensloInvalid, opensloShop } from '../__fixtures__/openslo';
import { parseSloDocuments } from '../parseSpecs';

const DAY = 86_400_000;
const file = 'slo.yaml';

describe('parseSloDocuments: OpenSLO v1', () => {
  const { definitions, problems } = parseSloDocuments(opensloShop, { file });
  const byId = (id: string) => definitions.find(d => d.id === id);

  it('reads every SLO of a multi-document file', () => {
    expect(problems).toEqual([]);
    expect(definitions.map(d => d.id)).toEqual([
      'checkout-availability',
      'cart-errors-1',
      'cart-errors-2',
      'probe-success',
      'search-p99',
      'checkout-latency',
    ]);
  });

  it('resolves indicatorRef to the SLI document and reads targetPercent', () => {
    expect(byId('checkout-availability')).toEqual({
      id: 'checkout-availability',
      name: 'Checkout availability',
      description: 'Orders go through.',
      service: 'checkout',
      sli: 'availability',
      objective: 0.9995,
      objectivePercent: 99.95,
      window: '28d',
      windowMs: 28 * DAY,
      indicator: {
        type: 'ratio',
        good: 'sum(increase(http_requests_total{service="checkout",code!~"5.."}[5m]))',
        total: 'sum(increase(http_requests_total{service="checkout"}[5m]))',
        counter: true,
        windowTemplate: false,
      },
      source: 'openslo',
      declaredAt: { file, documentIndex: 3, path: 'spec' },
      budgetingMethod: 'Occurrences',
    });
  });

  it('makes each objective an SLO of its own', () => {
    expect(byId('cart-errors-1')).toMatchObject({
      name: 'cart-errors (Strict)',
      objective: 0.999,
      objectivePercent: 99.9,
      window: '7d',
      indicator: {
        type: 'ratio',
        bad: expect.any(String),
        windowTemplate: true,
      },
      declaredAt: { documentIndex: 4, path: 'spec.objectives[0]' },
    });
    expect(byId('cart-errors-2')).toMatchObject({
      name: 'cart-errors (Lenient)',
      objective: 0.99,
      objectivePercent: 99,
    });
  });

  it('reads raw ratios, threshold metrics and latency buckets', () => {
    expect(byId('probe-success')).toMatchObject({
      window: '30d',
      indicator: { type: 'raw', rawType: 'failure' },
    });
    expect(byId('search-p99')).toMatchObject({
      sli: 'latency',
      window: '2w',
      windowMs: 14 * DAY,
      indicator: { type: 'threshold', op: 'lt', value: 0.5 },
    });
    expect(byId('checkout-latency')).toMatchObject({
      sli: 'latency',
      latencyThresholdSeconds: 0.3,
      latencyPercentile: 99,
    });
  });

  it('gives each invalid SLO or objective its own problem and keeps the others', () => {
    const result = parseSloDocuments(opensloInvalid, { file });
    expect(result.definitions.map(d => [d.id, d.objective])).toEqual([
      ['targets-3', 0.995],
      ['still-fine', 0.9],
    ]);
    expect(result.problems.map(p => [p.documentIndex, p.slo, p.field])).toEqual(
      [
        [0, 'timeslices', 'spec.budgetingMethod'],
        [
          1,
          'datadog',
          'spec.indicator.spec.ratioMetric.good.metricSource.type',
        ],
        [
          1,
          'datadog',
          'spec.indicator.spec.ratioMetric.total.metricSource.type',
        ],
        [2, 'calendar', 'spec.indicatorRef'],
        [2, 'calendar', 'spec.timeWindow[0].calendar.startTime'],
        [3, 'targets (percent as ratio)', 'spec.objectives[0].target'],
        [3, 'targets (both)', 'spec.objectives[1]'],
        [4, 'old', 'apiVersion'],
      ],
    );
    expect(result.problems[0].message).toBe(
      '"RatioTimeslices" is not supported: Sightline counts events (Occurrences: good / total over the window)',
    );
    expect(result.problems[1].message).toMatch(
      /^is Datadog; Sightline reads Prometheus-compatible sources only/,
    );
    expect(result.problems[3].message).toMatch(
      /refers to SLI "missing-sli", which this file does not define/,
    );
    expect(result.problems[5].message).toBe(
      'must be below 1: 99.9 looks like a percentage (use targetPercent)',
    );
  });

  const slo = (spec: Record<string, unknown>, name = 'x') => ({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
      ...spec,
    },
  });
  const source = (query: string) => ({
    metricSource: { type: 'Prometheus', spec: { query } },
  });
  const ratio = (ratioMetric: Record<string, unknown>) => ({
    indicator: { metadata: { name: 'i' }, spec: { ratioMetric } },
  });

  it.each([
    [slo({}), 'spec.indicator', /is missing/],
    [
      slo(ratio({ good: source('a'), bad: source('b'), total: source('c') })),
      'spec.indicator.spec.ratioMetric',
      /both good and bad/,
    ],
    [
      slo(ratio({ good: source('a') })),
      'spec.indicator.spec.ratioMetric.total',
      /is missing/,
    ],
    [
      slo(ratio({ good: source('same'), total: source('same') })),
      'spec.indicator.spec.ratioMetric.good',
      /same query as total, so the SLI would always be 100%/,
    ],
    [
      slo(ratio({ raw: source('r') })),
      'spec.indicator.spec.ratioMetric.rawType',
      /success or failure/,
    ],
    [
      slo(
        ratio({
          good: { metricSource: { spec: { query: 'q' } } },
          total: source('t'),
        }),
      ),
      'spec.indicator.spec.ratioMetric.good.metricSource.type',
      /is missing/,
    ],
    [
      slo(
        ratio({
          good: { metricSource: { type: 'Prometheus', spec: {} } },
          total: source('t'),
        }),
      ),
      'spec.indicator.spec.ratioMetric.good.metricSource.spec.query',
      /the PromQL query/,
    ],
    [
      slo({
        ...ratio({ good: source('g'), total: source('t') }),
        timeWindow: [{ duration: '30m', isRolling: true }],
      }),
      'spec.timeWindow[0].duration',
      /shorter than 1h/,
    ],
    [
      slo({
        ...ratio({ good: source('g'), total: source('t') }),
        timeWindow: [{ duration: '7d' }, { duration: '30d' }],
      }),
      'spec.timeWindow',
      /exactly one window/,
    ],
    [
      slo({
        ...ratio({ good: source('g'), total: source('t') }),
        objectives: [],
      }),
      'spec.objectives',
      /at least one objective/,
    ],
    [
      slo({
        indicator: {
          metadata: { name: 't' },
          spec: {
            thresholdMetric: source('histogram_quantile(0.9, x_bucket)'),
          },
        },
        objectives: [{ target: 0.99, value: 0.3 }],
      }),
      'spec.objectives[0].op',
      /lt, lte, gt or gte/,
    ],
    [
      slo({
        ...ratio({ good: source('g'), total: source('t') }),
        indicatorRef: 'other',
      }),
      'spec.indicator',
      /both set/,
    ],
    [
      {
        apiVersion: 'openslo/v1',
        kind: 'SLO',
        metadata: {},
        spec: {
          ...ratio({ good: source('g'), total: source('t') }),
          objectives: [{ target: 0.99 }],
        },
      },
      'metadata.name',
      /every SLO needs a name/,
    ],
    [
      { apiVersion: 'openslo/v1', kind: 'Slo', metadata: { name: 'x' } },
      'kind',
      /not an OpenSLO v1 kind/,
    ],
  ])('reports %j at %s', (doc, field, message) => {
    const result = parseSloDocuments(doc);
    expect(result.definitions).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        documentIndex: 0,
        field,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  const calendarSlo = (timeWindow: unknown) =>
    slo({ ...ratio({ good: source('g'), total: source('t') }), timeWindow });

  it.each([
    [
      'a month in a time zone',
      {
        duration: '1M',
        isRolling: false,
        calendar: {
          startTime: '2026-01-01 00:00:00',
          timeZone: 'Europe/Berlin',
        },
      },
      { unit: 'month', timeZone: 'Europe/Berlin' },
      31,
    ],
    [
      'a week starting on the weekday of startTime (a Sunday)',
      {
        duration: '1w',
        isRolling: false,
        calendar: { startTime: '2026-12-06', timeZone: 'UTC' },
      },
      { unit: 'week', timeZone: 'UTC', weekStart: 7 },
      7,
    ],
    [
      'a YAML 1.1 timestamp, and UTC without a zone',
      {
        duration: '1M',
        isRolling: false,
        calendar: { startTime: new Date(Date.UTC(2026, 0, 1)) },
      },
      { unit: 'month', timeZone: 'UTC' },
      31,
    ],
    [
      'isRolling: false alone',
      { duration: '7d', isRolling: false },
      { unit: 'week', timeZone: 'UTC' },
      7,
    ],
  ])('reads a calendar window: %s', (_name, window, calendar, days) => {
    const result = parseSloDocuments(calendarSlo([window]));
    expect(result.problems).toEqual([]);
    expect(result.definitions[0]).toEqual(
      expect.objectContaining({
        window: `calendar-${calendar.unit}`,
        windowMs: days * 86_400_000,
        calendar,
      }),
    );
  });

  it.each([
    [
      { duration: '1Q', isRolling: false },
      'spec.timeWindow[0].duration',
      /1M .* or 1w/,
    ],
    [
      { duration: '1M', isRolling: true, calendar: { timeZone: 'UTC' } },
      'spec.timeWindow[0].isRolling',
      /not both/,
    ],
    [
      {
        duration: '1M',
        isRolling: false,
        calendar: { timeZone: 'Nowhere/City' },
      },
      'spec.timeWindow[0].calendar.timeZone',
      /not an IANA time zone/,
    ],
    [
      {
        duration: '1M',
        isRolling: false,
        calendar: { startTime: '2026-01-15 00:00:00' },
      },
      'spec.timeWindow[0].calendar.startTime',
      /months start on the 1st/,
    ],
    [
      {
        duration: '1M',
        isRolling: false,
        calendar: { startTime: '2026-02-30 00:00:00' },
      },
      'spec.timeWindow[0].calendar.startTime',
      /not a date and time/,
    ],
  ])('refuses the calendar window %j at %s', (window, field, message) => {
    const result = parseSloDocuments(calendarSlo([window]));
    expect(result.definitions).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        field,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('reports a broken referenced SLI at the reference, naming the SLI document', () => {
    const result = parseSloDocuments([
      {
        apiVersion: 'openslo/v1',
        kind: 'SLI',
        metadata: { name: 'broken' },
        spec: { ratioMetric: { good: source('g') } },
      },
      slo({ indicatorRef: 'broken' }),
    ]);
    expect(result.problems).toEqual([
      {
        documentIndex: 1,
        slo: 'x',
        field: 'spec.indicatorRef',
        message:
          'SLI "broken" (document 0), spec.ratioMetric.total: is missing: the query counting all events',
        example: expect.any(String),
      },
    ]);
  });

  it('accepts a metricSourceRef to a DataSource defined elsewhere', () => {
    const result = parseSloDocuments(
      slo(
        ratio({
          good: {
            metricSource: { metricSourceRef: 'central', spec: { query: 'g' } },
          },
          total: {
            metricSource: { metricSourceRef: 'central', spec: { query: 't' } },
          },
        }),
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.definitions).toHaveLength(1);
  });

  it('checks the type of a DataSource defined in the same file', () => {
    const result = parseSloDocuments([
      {
        apiVersion: 'openslo/v1',
        kind: 'DataSource',
        metadata: { name: 'dd' },
        spec: { type: 'Datadog' },
      },
      slo(
        ratio({
          good: {
            metricSource: { metricSourceRef: 'dd', spec: { query: 'g' } },
          },
          total: source('t'),
        }),
      ),
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        field: 'spec.indicator.spec.ratioMetric.good.metricSource.type',
        message: expect.stringMatching(/^is Datadog/),
      }),
    ]);
  });
});
