/**
 * The fleet evaluation's batched figures against the per-entity path's, at
 * one instant, SLO by SLO: the demo services on the local stack's real
 * Prometheus, and 100 synthetic services backfilled into a real Prometheus
 * of this test's own (ScratchPrometheus). Equal means equal: the grouped
 * queries sum the same series in the same order, and the status maths is
 * -common's on both paths.
 */
import { Entity } from '@backstage/catalog-model';
import {
  EntitySloSnapshotResponse,
  SloEvaluation,
  SloRollupResponse,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { fleetServices } from '../../__testUtils__/fleetServices';
import { ScratchPrometheus } from '../../__testUtils__/scratchPrometheus';
import { ensureLocalStack } from '../../__testUtils__/localStack';
import { shopComponent } from '../../__testUtils__/entities';
import { startObservabilityBackend } from '../../__testUtils__/localStackBackend';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The demo services as examples/entities/shop.yaml declares them (on the local cluster). */
const DEMO: Entity[] = [
  shopComponent('checkout', {
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
  }),
  shopComponent('payments', {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/slo-availability': '99.5',
  }),
  shopComponent('kbot', {
    'sightline.dev/metrics-dialect': 'custom',
    'sightline.dev/request-metric': 'kbot_messages_total',
    'sightline.dev/error-matcher': 'status="error"',
    'sightline.dev/duration-metric': 'kbot_message_processing_duration_seconds',
    'sightline.dev/slo-availability': '99',
  }),
];

/** Where the synthetic history ends, and the fleet is evaluated. */
const END = Date.parse('2026-04-05T00:00:00Z');
const START = END - 12 * HOUR_MS;
const SYNTHETIC = 100;
const BUCKETS = ['0.1', '0.3', '1', '+Inf'];

/**
 * Service i serves 100 + i requests a minute; i % 7 of them fail (none for
 * multiples of 7: those have no error series at all), and every tenth has
 * a 30-minute incident in the last hour with a fifth failing. A share of
 * requests falls in each latency bucket that varies with i.
 */
function syntheticOpenMetrics(): string {
  const requests = ['# TYPE http_requests counter'];
  const durations = ['# TYPE http_request_duration_seconds histogram'];
  for (let i = 0; i < SYNTHETIC; i++) {
    const labels = `namespace="${
      i % 2 ? 'synth-b' : 'synth-a'
    }",service="svc-${i}"`;
    const totals = { ok: 0, failed: 0 };
    const histogram = BUCKETS.map(() => 0);
    for (let t = START; t <= END; t += MINUTE_MS) {
      const s = t / 1000;
      requests.push(
        `http_requests_total{${labels},code="200"} ${totals.ok} ${s}`,
      );
      if (i % 7 !== 0) {
        requests.push(
          `http_requests_total{${labels},code="500"} ${totals.failed} ${s}`,
        );
      }
      BUCKETS.forEach((le, b) =>
        durations.push(
          `http_request_duration_seconds_bucket{${labels},le="${le}"} ${histogram[b]} ${s}`,
        ),
      );
      durations.push(
        `http_request_duration_seconds_count{${labels}} ${
          histogram[BUCKETS.length - 1]
        } ${s}`,
      );
      const perMinute = 100 + i;
      const incident =
        i % 10 === 3 && END - t <= HOUR_MS && END - t > 30 * 60_000;
      let failed = i % 7;
      if (i % 7 === 0) failed = 0;
      else if (incident) failed = perMinute / 5;
      totals.ok += perMinute - failed;
      totals.failed += failed;
      const fast = 0.9 - (i % 5) / 100;
      [fast * 0.5, fast, 0.999, 1].forEach((share, b) => {
        histogram[b] += Math.round(perMinute * share);
      });
    }
  }
  return `${[...requests, ...durations].join('\n')}\n# EOF\n`;
}

/** Synthetic Components: a mix of dialect annotations, windows and SLOs. */
function syntheticCatalog(): Entity[] {
  return Array.from({ length: SYNTHETIC }, (_, i) =>
    shopComponent(`svc-${i}`, {
      'backstage.io/kubernetes-namespace': i % 2 ? 'synth-b' : 'synth-a',
      // Every third is detected (`auto`), the others name the dialect.
      ...(i % 3 ? { 'sightline.dev/metrics-dialect': 'prometheus-http' } : {}),
      'sightline.dev/slo-availability': i % 4 ? '99.9' : '99',
      ...(i % 2 ? { 'sightline.dev/slo-latency': '99% < 300ms' } : {}),
      ...(i % 5 === 1 ? { 'sightline.dev/slo-window': '7d' } : {}),
      ...(i % 5 === 2 ? { 'sightline.dev/slo-window': 'calendar-month' } : {}),
    }),
  );
}

/** Batched vs per-entity, SLO by SLO; returns how each entity was measured. */
async function compare(
  prometheusUrl: string,
  entities: Entity[],
  atMs: number,
) {
  const { fleet, evaluateEntity } = await fleetServices({
    prometheusUrl,
    entities,
  });
  const result = await fleet.evaluate(entities, atMs);
  expect(result.failures).toEqual([]);
  const measuredBy = new Map<string, string>();
  for (const entity of entities) {
    const { response } = await evaluateEntity(entity, atMs);
    const batched = result.snapshots.filter(
      s => s.entityRef === response.entityRef,
    );
    const comparable = (e: SloEvaluation) => ({
      id: e.definition.id,
      source: e.source,
      status: e.status,
      explanations: e.explanations,
      problems: e.problems,
    });
    expect({
      entity: response.entityRef,
      slos: batched.map(s => comparable(s.evaluation)),
    }).toEqual({
      entity: response.entityRef,
      slos: response.slos.map(comparable),
    });
    measuredBy.set(response.entityRef, batched[0]?.measuredBy ?? 'none');
  }
  return { measuredBy, result };
}

/**
 * A whole minute safely in the past (every sample up to it ingested) at which
 * the stack's Sloth rules have recorded for every demo service: they record
 * from the stack's start, so a stack started moments ago needs a wait.
 */
async function instantWithSlothRules(prometheusUrl: string): Promise<number> {
  const services = DEMO.map(e => e.metadata.name).join('|');
  const query = `count(count by (sloth_service) (slo:sli_error:ratio_rate5m{sloth_service=~"${services}"}))`;
  for (let attempt = 0; attempt < 120; attempt++) {
    const atMs =
      Math.floor((Date.now() - 2 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
    const res = await fetch(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}&time=${
        atMs / 1000
      }`,
    );
    const body = (await res.json()) as {
      data: { result: { value: [number, string] }[] };
    };
    if (Number(body.data.result[0]?.value[1]) === DEMO.length) return atMs;
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  throw new Error(`the stack's Sloth rules never recorded for ${services}`);
}

describe('fleet evaluation: batched figures equal per-entity figures', () => {
  it('for every demo service on the local stack', async () => {
    const stack = await ensureLocalStack();
    const atMs = await instantWithSlothRules(stack.urls.prometheus);
    // As declared, the stack's Sloth rules measure them: the per-entity
    // path, which reads the rules, is the fleet's too.
    const declared = await compare(stack.urls.prometheus, DEMO, atMs);
    expect([...declared.measuredBy.values()]).toEqual([
      'entity',
      'entity',
      'entity',
    ]);
    // Under names no rule carries, the same series are read raw: batched.
    const raw = DEMO.map(entity => ({
      ...entity,
      metadata: {
        ...entity.metadata,
        name: `${entity.metadata.name}-raw`,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/kubernetes-id': entity.metadata.name,
        },
      },
    }));
    const batched = await compare(stack.urls.prometheus, raw, atMs);
    expect([...batched.measuredBy.values()]).toEqual([
      'batch',
      'batch',
      'batch',
    ]);
  });

  describe('for 100 synthetic services on a Prometheus of the test’s own', () => {
    let prometheus: ScratchPrometheus;
    beforeAll(async () => {
      prometheus = await ScratchPrometheus.start();
      await prometheus.backfillOpenMetrics(syntheticOpenMetrics());
    });
    afterAll(() => prometheus?.stop());

    it('measures every one in batches, with the per-entity figures', async () => {
      const entities = syntheticCatalog();
      const { measuredBy, result } = await compare(
        prometheus.url,
        entities,
        END,
      );
      expect([...measuredBy.values()].every(m => m === 'batch')).toBe(true);
      // Some SLOs burn (the incidents), some are met: the comparison covers both.
      const statuses = new Set(
        result.snapshots.map(s => s.evaluation.status?.status),
      );
      expect(statuses.has('met')).toBe(true);
      expect(statuses.size).toBeGreaterThan(1);
      // Two namespaces × availability/latency × three windows, plus
      // detection, rules and boundaries: a few dozen queries, not hundreds.
      expect(result.batchQueries).toBeLessThan(30);
    });
  });
});

describe('the fleet snapshot, as the plugin schedules and serves it', () => {
  it('is what roll-ups and search read; live where there is none, or another instant is asked for', async () => {
    const stack = await ensureLocalStack();
    const team = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-shop', namespace: 'default' },
      spec: { type: 'team', children: [] },
    };
    // Declares no valid SLO: nothing to store, so always evaluated live.
    const odd = shopComponent('odd', {
      'backstage.io/kubernetes-id': 'checkout',
      'sightline.dev/slo-availability': '99.99.9',
    });
    const { server } = await startObservabilityBackend({
      entities: [...DEMO, odd, team],
      observability: {
        clusters: [
          { name: 'local', prometheus: { url: stack.urls.prometheus } },
        ],
        // No initial delay: the test backend's scheduler runs the
        // task once at start-up, before the routes answer.
        slo: {
          fleet: {
            schedule: {
              frequency: { minutes: 10 },
              timeout: { minutes: 5 },
            },
          },
        },
      },
    });
    const api = '/api/observability';
    const res = await request(server).get(
      `${api}/entities/component/default/checkout/slos/snapshot`,
    );
    expect(res.status).toBe(200);
    const snapshot: EntitySloSnapshotResponse = res.body;
    expect(snapshot.evaluatedFrom).toBe('snapshot');
    expect(snapshot.slos.map(s => s.definition.id)).toEqual([
      'availability',
      'latency',
    ]);
    expect(snapshot.slos[0].status?.status).toBeDefined();

    const odds = await request(server).get(
      `${api}/entities/component/default/odd/slos/snapshot`,
    );
    expect(odds.body).toMatchObject({ evaluatedFrom: 'live', slos: [] });
    expect(odds.body.problems.length).toBeGreaterThan(0);

    const rollup: SloRollupResponse = (
      await request(server).get(`${api}/groups/default/team-shop/slos`)
    ).body;
    expect(rollup.slos).toHaveLength(4);
    for (const slo of rollup.slos) {
      expect(slo).toMatchObject({
        evaluatedFrom: 'snapshot',
        evaluatedAt: snapshot.at,
      });
    }
    expect(rollup.problems.map(p => p.entityRef)).toContain(
      'component:default/odd',
    );

    // Another instant: every SLO evaluated for the request, as before.
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const past: SloRollupResponse = (
      await request(server)
        .get(`${api}/groups/default/team-shop/slos`)
        .query({ at })
    ).body;
    expect(past.slos).toHaveLength(4);
    expect(past.slos.every(s => s.evaluatedFrom === undefined)).toBe(true);
  });
});
