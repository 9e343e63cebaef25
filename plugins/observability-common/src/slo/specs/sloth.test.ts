import {
  slothApiService,
  slothKubernetes,
  slothMixed,
  slothRawRatio,
} from '../__fixtures__/sloth';
import { parseSloDocuments } from '../parseSpecs';

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
      adjustments: [],
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
