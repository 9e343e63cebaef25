/**
 * The history task against the local stack: triggering the scheduler task
 * records each day of checkout's window into the plugin's database (SQLite
 * here), and the burn-down then comes from the database, day by day equal
 * to the model's counts (1e-9 relative: the daily `increase` at each UTC
 * midnight reads samples exactly at both ends, so nothing is extrapolated).
 * Then the objective changes (99.9 % → 99 %): the stored days keep the
 * objective they were measured against, so the window's budget is combined
 * per segment, each stored day's allowance at 0.1 % of its model count and
 * the rest of the window at 1 %. Payments' days too: its incident starts
 * six hours before the stack did, so on a stack started before 06:00 UTC
 * the day before holds the incident's first hours.
 */
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';
import { schedulerProbe } from '../__testUtils__/schedulerProbe';

jest.setTimeout(240_000);

const DAY_MS = 86_400_000;

const checkout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'shop',
      'sightline.dev/metrics-dialect': 'prometheus-http',
      'sightline.dev/slo-availability': '99.9',
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
};

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'payments',
      'backstage.io/kubernetes-namespace': 'shop',
      'sightline.dev/metrics-dialect': 'otel-http',
      'sightline.dev/slo-availability': '99.5',
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
};

type BurnDown = EntitySlosResponse['slos'][number]['burnDown'];

/**
 * The plugin against the local stack with checkout and payments, asked at
 * the end of the backfilled history, and a way to run its history task now.
 */
async function startWithHistory() {
  const stack = (await ensureLocalStack()) as LocalStack & {
    history: { startMs: number; endMs: number };
  };
  const probe = schedulerProbe('observability');
  const { server } = await startObservabilityBackend({
    entities: [checkout, payments],
    observability: {
      clusters: [{ name: 'local', prometheus: { url: stack.urls.prometheus } }],
      slo: { historyRetention: '400d' },
    },
    features: [probe.module],
  });
  const at = stack.history.endMs;
  const get = async (name: string): Promise<EntitySlosResponse> => {
    const res = await request(server)
      .get(`/api/observability/entities/component/default/${name}/slos`)
      .query({ at: new Date(at).toISOString() });
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Runs the history task and waits until `name`'s burn-down comes from it. */
  const recorded = async (name: string) => {
    expect((await get(name)).slos[0].burnDownSource).toBe('prometheus');
    await probe.scheduler.triggerTask('observability-slo-history');
    const deadline = Date.now() + 60_000;
    let body = await get(name);
    while (body.slos[0].burnDownSource !== 'history') {
      if (Date.now() > deadline) throw new Error('history never recorded');
      await new Promise(r => setTimeout(r, 500));
      body = await get(name);
    }
    return body;
  };
  /** The whole days inside the backfilled history, each equal to the model's SLI. */
  const expectModelDays = (name: model.ServiceName, points: BurnDown) => {
    const whole = points.filter(point => {
      const from = Date.parse(`${point.day}T00:00:00Z`);
      return from >= stack.history.startMs && from + DAY_MS <= at;
    });
    expect(whole.length).toBeGreaterThanOrEqual(28);
    const offBy = whole.map(point => {
      const from = Date.parse(`${point.day}T00:00:00Z`);
      const day = model.expectedCounts(name, from, from + DAY_MS, {
        anchorMs: stack.anchorMs,
      });
      const sli = 1 - day.errors / day.requests;
      return { day: point.day, close: Math.abs(point.sli! - sli) / sli < 1e-9 };
    });
    expect(offBy).toEqual(whole.map(p => ({ day: p.day, close: true })));
  };
  return { stack, at, get, recorded, expectModelDays };
}

describe('SLO history', () => {
  it('records the window into the database and serves the burn-down from it', async () => {
    const { stack, at, get, recorded, expectModelDays } =
      await startWithHistory();
    const body = await recorded('checkout');
    const points = body.slos[0].burnDown;
    // 31 UTC days: the window's cut first day and today's part come from
    // Prometheus, the 29 whole days between from the database.
    expect(points).toHaveLength(31);
    const stored = points.filter(point => {
      const from = Date.parse(`${point.day}T00:00:00Z`);
      return from >= at - 30 * DAY_MS && from + DAY_MS <= at;
    });
    expect(stored).toHaveLength(29);
    // Whole days inside the backfilled history: the model's SLI per day.
    expectModelDays('checkout', points);

    // The objective changes mid-window; the catalog serves the new one.
    const before = body.slos[0].status!;
    checkout.metadata.annotations['sightline.dev/slo-availability'] = '99';
    const after = (await get('checkout')).slos[0];
    expect(after.definition.objective).toBe(0.99);
    const storedDays = stored.map(point => {
      const from = Date.parse(`${point.day}T00:00:00Z`);
      return model.expectedCounts('checkout', from, from + DAY_MS, {
        anchorMs: stack.anchorMs,
      });
    });
    const storedTotal = storedDays.reduce((sum, d) => sum + d.requests, 0);
    const allowed =
      0.001 * storedTotal + 0.01 * (after.status!.total - storedTotal);
    const bad = after.status!.total - after.status!.good;
    expect(
      Math.abs(after.status!.budget.remaining! - (1 - bad / allowed)),
    ).toBeLessThan(1e-6);
    // Same events, ten times the allowance for the rest of the window only:
    // more budget left than at 99.9 %, far less than a whole window at 99 %.
    expect(after.status!.budget.remaining!).toBeGreaterThan(
      before.budget.remaining!,
    );
    expect(after.status!.budget.remaining!).toBeLessThan(
      1 - bad / (0.01 * after.status!.total),
    );
  });

  it("records payments' days as the model counts them (with its incident's first hours on a stack started before 06:00 UTC)", async () => {
    // On a stack started before 06:00 UTC the incident's first hours fall on
    // a whole day before it (the day a burn-down once read wrong); later,
    // its days are those before the incident.
    const { expectModelDays, recorded } = await startWithHistory();
    const body = await recorded('payments');
    expect(body.slos[0].burnDown).toHaveLength(31);
    expectModelDays('payments', body.slos[0].burnDown);
  });
});
