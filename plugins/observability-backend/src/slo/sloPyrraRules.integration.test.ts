/**
 * The Pyrra path against the local stack: recording rules shaped exactly as
 * Pyrra generates them (pyrra-dev/pyrra slo/rules.go, for a
 * ServiceLevelObjective `checkout-pyrra-availability`, ratio indicator,
 * target 99.9, window 4w) are loaded into the real Prometheus. At the
 * instant of a rule evaluation the SLO read from them equals the raw path's
 * for the same series: error ratios of every burn-rate window, remaining
 * budget and alert conditions within 1e-9 relative (the rules are the same
 * `rate`/`increase` expressions over the same samples, so only floating
 * point may differ). Pyrra has no 3d rule (it has 4d), so that window comes
 * from the raw series, and the response says so; so do the days of the
 * burn-down (Pyrra's rules have no history from before they were loaded).
 */
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import {
  loadStackRules,
  stackQuery,
  startStackBackend,
} from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const SLO = 'checkout-pyrra-availability';
const TOTAL = 'http_requests_total{namespace="shop",service="checkout"}';
const ERRORS =
  'http_requests_total{namespace="shop",service="checkout",status=~"5.."}';
const LABELS = { namespace: 'shop', service: 'checkout', slo: SLO };

/**
 * What Pyrra writes for the objective. Pyrra puts the increase and the burn
 * rates in two groups; here they share one so that every series has a sample
 * at the same evaluation instant the test reads at (two groups evaluate at
 * independent offsets, and the burn rates could start after that instant).
 */
const PYRRA_GROUPS = [
  {
    name: SLO,
    interval: '5s',
    rules: [
      {
        record: 'http_requests:increase4w',
        expr: `sum by (status) (increase(${TOTAL}[4w]))`,
        labels: LABELS,
      },
      ...['5m', '30m', '1h', '2h', '6h', '1d', '4d'].map(w => ({
        record: `http_requests:burnrate${w}`,
        expr: `sum(rate(${ERRORS}[${w}])) / sum(rate(${TOTAL}[${w}]))`,
        labels: LABELS,
      })),
    ],
  },
];

const component = (name: string) =>
  shopComponent(name, {
    'backstage.io/kubernetes-id': 'checkout',
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-window': '28d',
  });

describe('SLOs from Pyrra recording rules', () => {
  let stack: LocalStack & { stateDir: string };
  let server: Awaited<ReturnType<typeof startStackBackend>>;
  let unloadRules: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    // Ready once the group, burn rates included, has been evaluated.
    unloadRules = await loadStackRules(
      stack,
      'sightline-pyrra-test',
      PYRRA_GROUPS,
      `http_requests:burnrate4d{slo="${SLO}"}`,
    );
    // checkout-pyrra's SLO is Pyrra's `checkout-pyrra-availability`;
    // checkout-raw has no rules of any kind.
    server = await startStackBackend(stack, [
      component('checkout-pyrra'),
      component('checkout-raw'),
    ]);
  });

  afterAll(() => unloadRules?.());

  async function slos(name: string, atIso: string) {
    const res = await request(server)
      .get(`/api/observability/entities/component/default/${name}/slos`)
      .query({ at: atIso });
    expect(res.status).toBe(200);
    return (res.body as EntitySlosResponse).slos[0];
  }

  it('reads the rules and agrees with the raw path at a rule evaluation', async () => {
    const [latest] = await stackQuery(
      stack,
      `timestamp(http_requests:increase4w{slo="${SLO}", status="200"})`,
    );
    const atIso = new Date(Number(latest.value[1]) * 1000).toISOString();

    const fromRules = await slos('checkout-pyrra', atIso);
    const fromRaw = await slos('checkout-raw', atIso);
    expect(fromRules.problems).toEqual([]);
    expect(fromRules.source).toBe('pyrra-recording-rules');
    expect(fromRules.windowSource).toBeUndefined();
    expect(fromRules.sourceNote).toBe(
      'Pyrra has no burn-rate rule for 3d; that comes from the raw series.',
    );
    expect(fromRaw.source).toBe('raw');

    const relative = (a: number, b: number) =>
      Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
    const rawRates = fromRaw.status!.burnRates;
    expect(rawRates.length).toBeGreaterThan(0);
    expect(
      fromRules.status!.burnRates.map(r => [
        r.window,
        relative(
          r.errorRatio!,
          rawRates.find(x => x.window === r.window)!.errorRatio!,
        ) < 1e-9,
      ]),
    ).toEqual(rawRates.map(r => [r.window, true]));
    expect(
      relative(
        fromRules.status!.budget.remaining!,
        fromRaw.status!.budget.remaining!,
      ),
    ).toBeLessThan(1e-9);
    expect(fromRules.status!.alerts.map(a => [a.id, a.firing])).toEqual(
      fromRaw.status!.alerts.map(a => [a.id, a.firing]),
    );
    // The window's events from :increase4w are real counts.
    expect(fromRules.countsNormalised).toBeUndefined();
    expect(
      relative(fromRules.status!.total, fromRaw.status!.total),
    ).toBeLessThan(1e-9);
    // The days come from the raw series on both paths.
    expect(fromRules.burnDown).toEqual(fromRaw.burnDown);
  });
});
