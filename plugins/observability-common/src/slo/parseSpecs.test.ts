import { opensloInvalid, opensloShop } from './__fixtures__/openslo';
import {
  slothApiService,
  slothKubernetes,
  slothMixed,
  slothRawRatio,
} from './__fixtures__/sloth';
import { parseSloDocuments } from './parseSpecs';

const DAY = 86_400_000;
const file = 'slo.yaml';

describe('parseSloDocuments: Sloth prometheus/v1', () => {
  it('reads every SLO of a service, keeping the queries as written', () => {
    const { definitions, problems } = parseSloDocuments(slothApiService, {
      file,
    });
    expect(problems).toEqual([]);
    expect(definitions).toEqual([
      {
        id: 'api-service-requests-availability',
        name: 'requests-availability',
        description: 'API requests succeed.',
        service: 'api-service',
        sli: 'availability',
        objective: 0.999,
        objectivePercent: 99.9,
        window: '30d',
        windowMs: 30 * DAY,
        indicator: {
          type: 'ratio',
          bad: 'sum(rate(http_requests_total{job="api",status=~"(5..|429)"}[{{.window}}]))',
          total: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
          windowTemplate: true,
        },
        source: 'sloth',
        declaredAt: { file, documentIndex: 0, path: 'slos[0]' },
        budgetingMethod: 'Occurrences',
        alerting: { name: 'ApiHighErrorRate' },
      },
      expect.objectContaining({
        id: 'api-service-requests-latency',
        sli: 'latency',
        objective: 0.995,
        objectivePercent: 99.5,
        // le="0.2" on a _seconds histogram.
        latencyThresholdSeconds: 0.2,
        latencyPercentile: 99.5,
        indicator: expect.objectContaining({
          type: 'ratio',
          // Kept as written, but for the block scalar's final newline.
          bad: slothApiService.slos[1].sli.events.error_query.trim(),
        }),
        alerting: { name: 'ApiHighLatency', ticketDisabled: true },
      }),
    ]);
  });

  it('reads a raw error-ratio SLI', () => {
    const { definitions } = parseSloDocuments(slothRawRatio);
    expect(definitions).toEqual([
      expect.objectContaining({
        id: 'home-wifi-wifi-client-satisfaction',
        objective: 0.95,
        indicator: {
          type: 'raw',
          rawType: 'failure',
          query: slothRawRatio.slos[0].sli.raw.errorRatioQuery,
          windowTemplate: true,
        },
      }),
    ]);
  });

  it('reads the Kubernetes PrometheusServiceLevel with camelCase fields', () => {
    const { definitions, problems } = parseSloDocuments(slothKubernetes);
    expect(problems).toEqual([]);
    expect(definitions).toEqual([
      expect.objectContaining({
        id: 'checkout-requests-availability',
        service: 'checkout',
        // A request counter named for durations is still availability.
        sli: 'availability',
        declaredAt: { documentIndex: 0, path: 'spec.slos[0]' },
        alerting: { name: 'CheckoutHighErrorRate', ticketDisabled: true },
      }),
    ]);
  });

  it('uses the default window, which the caller may change', () => {
    const { definitions } = parseSloDocuments(slothRawRatio, {
      defaultWindow: '28d',
    });
    expect(definitions[0]).toMatchObject({ window: '28d', windowMs: 28 * DAY });
    expect(() =>
      parseSloDocuments(slothRawRatio, { defaultWindow: '1M' }),
    ).toThrow(/Invalid default SLO window/);
  });

  it('gives each invalid SLO its own problem and keeps the valid one', () => {
    const { definitions, problems } = parseSloDocuments(slothMixed, { file });
    expect(definitions.map(d => d.id)).toEqual(['payments-good-one']);
    expect(definitions[0].objective).toBe(0.9995);
    expect(problems).toEqual([
      {
        file,
        documentIndex: 0,
        slo: 'no-budget',
        field: 'slos[0].objective',
        message:
          'must be below 100%: an objective of 100% leaves no error budget',
        example: 'objective: 99.9',
      },
      expect.objectContaining({
        slo: 'no-total',
        field: 'slos[2].sli.events.total_query',
        message: expect.stringMatching(/^is missing/),
      }),
      expect.objectContaining({
        slo: 'plugin',
        field: 'slos[3].sli.plugin',
        message: expect.stringMatching(/plugins are not supported/),
      }),
      {
        file,
        documentIndex: 0,
        field: 'slos[4]',
        message: 'must be a mapping with name, objective and sli',
      },
      expect.objectContaining({
        slo: 'ratio-objective',
        field: 'slos[5].objective',
        message:
          'looks like a ratio; write the objective in percent (0.999 means 0.999%, not 99.9%)',
      }),
    ]);
  });

  it.each([
    [{ version: 'prometheus/v1', slos: [] }, 'service', /is missing/],
    [{ version: 'prometheus/v1', service: 's' }, 'slos', /list of SLOs/],
    [
      { apiVersion: 'sloth.slok.dev/v1', kind: 'Other', spec: {} },
      'kind',
      /PrometheusServiceLevel/,
    ],
    [
      {
        version: 'prometheus/v1',
        service: 's',
        slos: [{ name: 'x', objective: 99, sli: {} }],
      },
      'slos[0].sli',
      /needs one of events, raw or plugin/,
    ],
    [
      {
        version: 'prometheus/v1',
        service: 's',
        slos: [
          {
            name: 'x',
            objective: 99,
            sli: { events: {}, raw: { error_ratio_query: 'q' } },
          },
        ],
      },
      'slos[0].sli',
      /has events and raw; use only one/,
    ],
    [
      {
        version: 'prometheus/v1',
        service: 's',
        slos: [
          {
            name: 'x',
            objective: 'high',
            sli: { raw: { errorRatioQuery: 'q' } },
          },
        ],
      },
      'slos[0].objective',
      /"high" is not a number/,
    ],
    [
      {
        version: 'prometheus/v1',
        service: 's',
        slos: [{ objective: 99, sli: { raw: { errorRatioQuery: 'q' } } }],
      },
      'slos[0].name',
      /every SLO needs a name/,
    ],
    [
      {
        version: 'prometheus/v1',
        service: 's',
        slos: [{ name: 'x', objective: 99, sli: { raw: {} } }],
      },
      'slos[0].sli.raw.error_ratio_query',
      /is missing/,
    ],
  ])('reports %j at %s', (doc, field, message) => {
    expect(parseSloDocuments(doc)).toEqual({
      definitions: [],
      problems: [
        expect.objectContaining({
          documentIndex: 0,
          field,
          message: expect.stringMatching(message),
        }),
      ],
    });
  });
});

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

describe('parseSloDocuments: files', () => {
  it('reads OpenSLO and Sloth documents from one file', () => {
    const { definitions } = parseSloDocuments([
      slothApiService,
      ...opensloShop,
    ]);
    expect(definitions).toHaveLength(2 + 6);
    expect(definitions.map(d => d.source)).toEqual([
      'sloth',
      'sloth',
      ...Array(6).fill('openslo'),
    ]);
  });

  it('skips empty documents and reports ones it cannot read', () => {
    const result = parseSloDocuments([
      null,
      'text',
      { kind: 'Deployment' },
      slothRawRatio,
    ]);
    expect(result.definitions.map(d => d.declaredAt.documentIndex)).toEqual([
      3,
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        documentIndex: 1,
        field: '',
        message: expect.stringMatching(/is not a mapping/),
      }),
      expect.objectContaining({
        documentIndex: 2,
        field: 'apiVersion',
        message: expect.stringMatching(
          /is not an OpenSLO v1 .* or Sloth .* document/,
        ),
      }),
    ]);
  });

  it('refuses a second SLO with the same id and keeps the first', () => {
    const result = parseSloDocuments([slothRawRatio, slothRawRatio], { file });
    expect(result.definitions).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        file,
        documentIndex: 1,
        slo: 'wifi-client-satisfaction',
        field: 'slos[0].name',
        message:
          'another SLO in this file already has the id "home-wifi-wifi-client-satisfaction"; give each SLO its own name',
      },
    ]);
  });
});
