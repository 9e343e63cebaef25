/**
 * Budget adjustments against a real Prometheus of this test's own
 * (ScratchPrometheus), holding one service whose every minute is known:
 * 100 requests, one failing, except in a daily 30-minute window (10
 * failing), a two-hour incident (60) and the last half hour (all 100).
 * Samples fall on whole minutes and every bound is a whole minute, so each
 * `increase` Prometheus answers is exact and the expected figures are
 * plain arithmetic over the model.
 */
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import knex from 'knex';
import { fleetServices } from '../../__testUtils__/fleetServices';
import { ScratchPrometheus } from '../../__testUtils__/scratchPrometheus';
import { shopComponent } from '../../__testUtils__/entities';
import { SloAdjustmentService } from './SloAdjustmentService';
import { SloAdjustmentStore } from './SloAdjustmentStore';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Where the history ends; every evaluation is at this instant. */
const END = Date.parse('2026-04-05T00:00:00Z');
const START = END - 8 * DAY_MS;
const INCIDENT = {
  startMs: END - 2 * DAY_MS,
  endMs: END - 2 * DAY_MS + 2 * HOUR_MS,
};
const LAST_HALF_HOUR = { startMs: END - 30 * MINUTE_MS, endMs: END };
const PER_MINUTE = 100;

/** The daily maintenance window: 12:00 to 12:30 UTC. */
function inDailyWindow(t: number) {
  const ofDay = t % DAY_MS;
  return ofDay >= 12 * HOUR_MS && ofDay < 12 * HOUR_MS + 30 * MINUTE_MS;
}
const inside = (t: number, i: { startMs: number; endMs: number }) =>
  t >= i.startMs && t < i.endMs;

/** Failing requests in the minute starting at `t`. */
function failing(t: number): number {
  if (inside(t, LAST_HALF_HOUR)) return PER_MINUTE;
  if (inside(t, INCIDENT)) return 60;
  if (inDailyWindow(t)) return 10;
  return 1;
}

/** The same requests for each service, as OpenMetrics (series by series, as promtool wants them). */
function openMetrics(services: string[]): string {
  const lines = ['# TYPE http_requests counter'];
  for (const service of services) {
    for (const code of ['200', '500']) {
      const labels = `namespace="shop",service="${service}",code="${code}"`;
      let count = 0;
      for (let t = START; t <= END; t += MINUTE_MS) {
        lines.push(`http_requests_total{${labels}} ${count} ${t / 1000}`);
        count += code === '500' ? failing(t) : PER_MINUTE - failing(t);
      }
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** Good and total requests over `[fromMs, toMs)`, minutes for which `excluded` holds left out. */
function expected(
  fromMs: number,
  toMs: number,
  excluded: (t: number) => boolean = () => false,
) {
  let total = 0;
  let bad = 0;
  for (let t = fromMs; t < toMs; t += MINUTE_MS) {
    if (excluded(t)) continue;
    total += PER_MINUTE;
    bad += failing(t);
  }
  return { good: total - bad, total };
}

const excludedByAll = (t: number) =>
  inDailyWindow(t) || inside(t, INCIDENT) || inside(t, LAST_HALF_HOUR);

const DECLARED = `
- name: daily-maintenance
  reason: Daily database maintenance
  start: 2026-03-01T12:00:00Z
  duration: 30m
  rrule: FREQ=DAILY
- name: incident
  reason: Upstream provider outage, not ours
  start: ${new Date(INCIDENT.startMs).toISOString()}
  end: ${new Date(INCIDENT.endMs).toISOString()}
`;

function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return shopComponent(name, {
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99',
    'sightline.dev/slo-window': '7d',
    ...annotations,
  });
}

describe('SLO budget adjustments on a real Prometheus', () => {
  let prometheus: ScratchPrometheus;
  let adjustments: SloAdjustmentService;

  beforeAll(async () => {
    prometheus = await ScratchPrometheus.start();
    await prometheus.backfillOpenMetrics(openMetrics(['adjusted', 'plain']));
    const store = await SloAdjustmentStore.create({
      database: {
        getClient: async () =>
          knex({
            client: 'better-sqlite3',
            connection: ':memory:',
            useNullAsDefault: true,
          }),
      },
    });
    adjustments = SloAdjustmentService.fromConfig(new ConfigReader({}), store);
    // The owner's own adjustment, through the store: the last half hour.
    await adjustments.create(
      'component:default/adjusted',
      {
        reason: 'Load test gone wrong',
        start: new Date(LAST_HALF_HOUR.startMs).toISOString(),
        durationMs: LAST_HALF_HOUR.endMs - LAST_HALF_HOUR.startMs,
      },
      'user:default/guest',
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('takes the excluded periods out of the window, the days and the burn-rate windows, exactly', async () => {
    const adjusted = component('adjusted', {
      'sightline.dev/slo-adjustments': DECLARED,
    });
    const plain = component('plain');
    const { evaluateEntity } = await fleetServices({
      prometheusUrl: prometheus.url,
      entities: [adjusted, plain],
      adjustments,
    });

    const without = (await evaluateEntity(plain, END)).response.slos[0];
    const windowStart = END - 7 * DAY_MS;
    expect(without.adjusted).toBeUndefined();
    expect(without.status).toMatchObject(expected(windowStart, END));
    expect(
      without.status!.burnRates.find(b => b.window === '5m')?.errorRatio,
    ).toBe(1);

    const { response, days } = await evaluateEntity(adjusted, END);
    const slo = response.slos[0];
    expect(response.problems).toEqual([]);
    // 7 daily windows, the incident and the last half hour: 360 minutes.
    expect(slo.status).toMatchObject(expected(windowStart, END, excludedByAll));
    expect(slo.status!.total).toBe(PER_MINUTE * (7 * 24 * 60 - 360));
    expect(slo.adjusted).toMatchObject({
      adjustmentIds: expect.arrayContaining([
        'entity:daily-maintenance',
        'entity:incident',
      ]),
    });
    expect(slo.adjusted!.adjustmentIds).toHaveLength(3);
    expect(slo.adjusted!.periods).toHaveLength(9);

    // Burn-rate windows that overlap an exclusion: what is left of them.
    const ratio = (w: string) =>
      slo.status!.burnRates.find(b => b.window === w)?.errorRatio;
    expect(ratio('5m')).toBeUndefined(); // wholly excluded: no events
    expect(ratio('30m')).toBeUndefined();
    expect(ratio('1h')).toBeCloseTo(0.01, 12); // the half hour before: 1 in 100
    expect(ratio('3d')).toBeCloseTo(0.01, 12); // incident and daily windows out
    // Prometheus' generated rules still see the failing half hour: the
    // page conditions hold there and not here, and the evaluation says so.
    expect(slo.adjusted!.rulesDisagree).toContain('page-quick');

    // Each day less its excluded minutes; together, the window.
    const dayOf = (ms: number) =>
      days.get(slo.definition.id)!.find(d => d.startMs <= ms && ms < d.endMs)!;
    const incidentDay = dayOf(INCIDENT.startMs);
    expect(incidentDay).toMatchObject(
      expected(incidentDay.startMs, incidentDay.endMs, excludedByAll),
    );
    expect(incidentDay.total).toBe(PER_MINUTE * (24 * 60 - 150));
    const sum = days
      .get(slo.definition.id)!
      .reduce((s, d) => ({ good: s.good + d.good, total: s.total + d.total }), {
        good: 0,
        total: 0,
      });
    expect(sum).toEqual(expected(windowStart, END, excludedByAll));
  });

  it('measures the days history stores without the adjustments, so deleting one leaves nothing behind', async () => {
    const adjusted = component('adjusted', {
      'sightline.dev/slo-adjustments': DECLARED,
    });
    const plain = component('plain');
    const { evaluateEntity } = await fleetServices({
      prometheusUrl: prometheus.url,
      entities: [adjusted, plain],
      adjustments,
    });
    // The two services have the same requests: unadjusted, the same days.
    const recorded = await evaluateEntity(adjusted, END, {
      fromPrometheusOnly: true,
    });
    const plainDays = (await evaluateEntity(plain, END)).days;
    expect(recorded.response.slos[0].adjusted).toBeUndefined();
    expect(recorded.days.get('availability')).toEqual(
      plainDays.get('availability'),
    );
  });

  it('gives the fleet evaluation the per-entity figures of an adjusted entity', async () => {
    const adjusted = component('adjusted', {
      'sightline.dev/slo-adjustments': DECLARED,
    });
    const plain = component('plain');
    const { fleet, evaluateEntity } = await fleetServices({
      prometheusUrl: prometheus.url,
      entities: [adjusted, plain],
      adjustments,
    });
    const result = await fleet.evaluate([adjusted, plain], END);
    expect(result.failures).toEqual([]);
    for (const entity of [adjusted, plain]) {
      const { response } = await evaluateEntity(entity, END);
      const snapshot = result.snapshots.find(
        s => s.entityRef === response.entityRef,
      )!;
      expect({
        status: snapshot.evaluation.status,
        explanations: snapshot.evaluation.explanations,
      }).toEqual({
        status: response.slos[0].status,
        explanations: response.slos[0].explanations,
      });
    }
    const measuredBy = Object.fromEntries(
      result.snapshots.map(s => [s.entityRef, s.measuredBy]),
    );
    expect(measuredBy).toEqual({
      'component:default/adjusted': 'entity',
      'component:default/plain': 'batch',
    });
  });
});
