import { ResolvedMetricDialect } from '@sightline/plugin-observability-common';
import { identityLabels } from '../../metrics/identityLabels';
import {
  FleetBatch,
  fleetBatchKey,
  fleetQueries,
  readFleetAnswers,
} from './FleetQueries';

const PROMETHEUS_HTTP: ResolvedMetricDialect = {
  id: 'prometheus-http',
  title: 'Prometheus client (http_requests_total)',
  source: 'annotation',
  requestMetric: 'http_requests_total',
  errorMatchers: [
    [{ name: 'code', op: '=~', value: '5..' }],
    [{ name: 'status', op: '=~', value: '5..' }],
  ],
  requestMatchers: [],
  durationMetric: 'http_request_duration_seconds',
  durationUnit: 'seconds',
};

const member = (id: string, namespace: string, service: string) => ({
  id,
  matchers: [
    { name: 'namespace', op: '=' as const, value: namespace },
    { name: 'service', op: '=' as const, value: service },
  ],
});

const batch: FleetBatch = {
  cluster: 'local',
  dialect: PROMETHEUS_HTTP,
  labels: ['namespace', 'service'],
  sli: { type: 'availability' },
  range: '30d',
  members: [
    member('checkout', 'shop', 'checkout'),
    member('payments', 'shop', 'payments'),
    member('ledger', 'bank', 'ledger'),
  ],
};

describe('fleetQueries', () => {
  it('groups the per-entity queries by the identity labels, selecting every member at once', () => {
    const sel = (extra = '') =>
      `http_requests_total{namespace=~"bank|shop", service=~"checkout|ledger|payments"${extra}}`;
    const sum = (fn: string, w: string, extra = '') =>
      `sum by (namespace, service) (${fn}(${sel(extra)}[${w}]))`;
    // No `vector(0)`: it has no labels to match; an absent error part is read as none.
    const errors = (fn: string, w: string) =>
      `(${sum(fn, w, ', code=~"5.."')} or ${sum(fn, w, ', status=~"5.."')})`;
    const queries = fleetQueries(batch);
    expect(queries.counts).toBe(
      `label_replace(${errors(
        'increase',
        '30d',
      )}, "sightline_part", "bad", "", "") or label_replace(${sum(
        'increase',
        '30d',
      )}, "sightline_part", "total", "", "")`,
    );
    expect(queries.ratios).toBe(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d']
        .flatMap(w => [
          `label_replace(${errors(
            'rate',
            w,
          )}, "sightline_part", "${w} numerator", "", "")`,
          `label_replace(${sum(
            'rate',
            w,
          )}, "sightline_part", "${w} denominator", "", "")`,
        ])
        .join(' or '),
    );
  });

  it('measures latency at the batch bucket boundary, and skips counts before the window starts', () => {
    const queries = fleetQueries({
      ...batch,
      sli: { type: 'latency', le: '0.3' },
      range: undefined,
      members: [member('checkout', 'shop', 'checkout')],
    });
    expect(queries.counts).toBeUndefined();
    expect(queries.ratios).toContain(
      `label_replace(sum by (namespace, service) (rate(http_request_duration_seconds_bucket{namespace="shop", service="checkout", le="0.3"}[5m])), "sightline_part", "5m numerator", "", "") or label_replace(sum by (namespace, service) (rate(http_request_duration_seconds_count{namespace="shop", service="checkout"}[5m])), "sightline_part", "5m denominator", "", "")`,
    );
  });
});

describe('readFleetAnswers', () => {
  const sample = (
    namespace: string,
    service: string,
    part: string,
    value: string,
  ) => ({
    metric: { namespace, service, sightline_part: part },
    value: [0, value] as [number, string],
  });

  it("gives each member its own identity's answers, ignoring the selector's cross product", () => {
    const measured = readFleetAnswers(batch, {
      counts: [
        sample('shop', 'checkout', 'bad', '10'),
        sample('shop', 'checkout', 'total', '1000'),
        // bad above total (separately extrapolated) is clamped, as per entity.
        sample('shop', 'payments', 'bad', '12'),
        sample('shop', 'payments', 'total', '11'),
        // Selected by namespace=~"bank|shop", service=~"…ledger…": no member.
        sample('shop', 'ledger', 'total', '5'),
      ],
      ratios: [
        sample('shop', 'checkout', '5m numerator', '0.3'),
        sample('shop', 'checkout', '5m denominator', '10'),
        // Nothing failing: no error series, so no numerator; the ratio is 0.
        sample('shop', 'checkout', '1h denominator', '10'),
        // No requests in the window: 0/0 has no value, as in PromQL.
        sample('shop', 'checkout', '30m numerator', '0'),
        sample('shop', 'checkout', '30m denominator', '0'),
        // Errors but no requests series: no ratio at all.
        sample('shop', 'payments', '5m numerator', '1'),
      ],
    });
    const checkout = measured.get('checkout')!;
    expect(checkout.window).toEqual({ good: 990, total: 1000 });
    expect(checkout.errorRatios['5m']).toBe(0.3 / 10);
    expect(checkout.errorRatios['1h']).toBe(0);
    expect(Object.keys(checkout.errorRatios).sort()).toEqual([
      '1h',
      '30m',
      '5m',
    ]);
    expect(checkout.errorRatios['30m']).toBeUndefined();
    expect(measured.get('payments')).toEqual({
      window: { good: 0, total: 11 },
      errorRatios: {},
    });
    expect(measured.get('ledger')).toEqual({
      window: { good: 0, total: 0 },
      errorRatios: {},
    });
  });
});

describe('fleetBatchKey', () => {
  it("ignores the dialect's name and how it was found, not its metrics", () => {
    const { members, ...rest } = batch;
    const key = fleetBatchKey(rest);
    expect(
      fleetBatchKey({
        ...rest,
        dialect: { ...PROMETHEUS_HTTP, source: 'detected' },
      }),
    ).toBe(key);
    expect(
      fleetBatchKey({
        ...rest,
        dialect: { ...PROMETHEUS_HTTP, requestMetric: 'other_total' },
      }),
    ).not.toBe(key);
    expect(fleetBatchKey({ ...rest, range: '7d' })).not.toBe(key);
  });
});

describe('identityLabels', () => {
  it('names the labels of selectors made of equalities only', () => {
    expect(
      identityLabels([
        { name: 'service', op: '=', value: 'a' },
        { name: 'namespace', op: '=', value: 'b' },
      ]),
    ).toEqual(['namespace', 'service']);
    expect(
      identityLabels([{ name: 'service', op: '=~', value: 'a|b' }]),
    ).toBeUndefined();
    expect(identityLabels([])).toBeUndefined();
  });
});
