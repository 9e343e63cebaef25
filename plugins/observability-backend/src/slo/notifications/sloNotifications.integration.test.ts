/**
 * Owner notifications through the real Backstage notifications backend: two
 * replicas of a backend (the observability and notifications plugins) on one
 * PostgreSQL, a real Prometheus of the test's own whose series turn from
 * healthy to failing at a known instant, and the fleet task run by each
 * replica's scheduler. Each test backend has a scheduler of its own (the
 * mock one runs a task whenever told), so the two replicas really do
 * evaluate at the same time, as two replicas would if the scheduler's lock
 * failed them: only the database claim keeps the notification single.
 */
import {
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { ScratchPrometheus } from '../../__testUtils__/scratchPrometheus';
import { schedulerProbe } from '../../__testUtils__/schedulerProbe';
import { shopComponent } from '../../__testUtils__/entities';
import { observabilityPlugin } from '../../plugin';

jest.setTimeout(360_000);

const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const FLEET_TASK = 'observability-slo-fleet';
const STEP_MS = 30_000;
/** Time enough to start Prometheus and both replicas and evaluate twice, healthy. */
const LEAD_MS = 90_000;

const checkout = shopComponent('checkout', {
  'backstage.io/kubernetes-namespace': 'notify',
  'sightline.dev/metrics-dialect': 'prometheus-http',
  'sightline.dev/slo-availability': '99.9',
});
const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});
const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-shop', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/ada' },
    { type: 'hasMember', targetRef: 'user:default/bob' },
  ],
};

/**
 * Two days of checkout's requests up to `failingFromMs` (10 a step, none
 * failing), then 1000 failing and 10 good a step for a quarter of an hour:
 * the failing part lies in the future when loaded, and Prometheus answers
 * each instant from the samples before it, so the SLO turns from met to
 * violated, with its page condition, when the clock passes `failingFromMs`.
 */
function requestsOpenMetrics(failingFromMs: number): string {
  const lines = ['# TYPE http_requests counter'];
  const start = failingFromMs - 2 * 86_400_000;
  let ok = 0;
  let failed = 0;
  for (let t = start; t <= failingFromMs + 15 * 60_000; t += STEP_MS) {
    const labels = 'namespace="notify",service="checkout"';
    lines.push(`http_requests_total{${labels},code="200"} ${ok} ${t / 1000}`);
    lines.push(
      `http_requests_total{${labels},code="500"} ${failed} ${t / 1000}`,
    );
    ok += 10;
    if (t >= failingFromMs) failed += 1000;
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** A replica's scheduler, and the signals its plugins published. */
interface Replica {
  backend: TestBackend;
  scheduler: SchedulerService;
  signals: SignalPayload[];
}

async function startReplica(config: object): Promise<Replica> {
  const replica: Partial<Replica> = { signals: [] };
  const probe = schedulerProbe('observability');
  replica.backend = await startTestBackend({
    features: [
      observabilityPlugin,
      notificationsPlugin,
      probe.module,
      catalogServiceMock.factory({
        entities: [checkout, team, user('ada'), user('bob')],
      }),
      mockServices.rootConfig.factory({ data: config as any }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload<any>) => {
            replica.signals!.push(signal);
          },
        }),
      }),
    ],
  });
  replica.scheduler = probe.scheduler;
  return replica as Replica;
}

async function notificationsOf(replica: Replica, userRef: string) {
  const res = await request(replica.backend.server)
    .get('/api/notifications/notifications')
    .set('Authorization', mockCredentials.user.header(userRef));
  expect(res.status).toBe(200);
  return res.body.notifications as Array<{
    origin: string;
    updated?: string | null;
    payload: Record<string, string>;
  }>;
}

async function runFleetOn(replicas: Replica[]) {
  await Promise.all(replicas.map(r => r.scheduler.triggerTask(FLEET_TASK)));
}

const sloSignals = (replicas: Replica[]) =>
  replicas.flatMap(r =>
    r.signals.filter(s => s.channel.startsWith('observability:slo:')),
  );

(PG ? describe : describe.skip)('SLO owner notifications', () => {
  let prometheus: ScratchPrometheus;
  let admin: Knex;
  let a: Replica;
  let b: Replica;
  const prefix = `sightline_notify_${randomBytes(4).toString('hex')}_`;
  const failingFromMs = Math.ceil((Date.now() + LEAD_MS) / STEP_MS) * STEP_MS;

  beforeAll(async () => {
    // First, so that afterAll drops the databases even if a start fails.
    admin = knexFactory({ client: 'pg', connection: PG });
    prometheus = await ScratchPrometheus.start();
    await prometheus.backfillOpenMetrics(requestsOpenMetrics(failingFromMs));
    const config = {
      app: { baseUrl: 'http://localhost:3000' },
      backend: { database: { client: 'pg', connection: PG, prefix } },
      observability: {
        clusters: [{ name: 'local', prometheus: { url: prometheus.url } }],
      },
    };
    // One after the other: the second finds the first's migrations done.
    a = await startReplica(config);
    b = await startReplica(config);
  });

  afterAll(async () => {
    await a?.backend.stop();
    await b?.backend.stop();
    await prometheus?.stop();
    if (admin) {
      for (const plugin of ['observability', 'notifications']) {
        // FORCE: the stopped backends' pools may still hold connections.
        await admin.raw(
          `DROP DATABASE IF EXISTS "${prefix}${plugin}" WITH (FORCE)`,
        );
      }
      await admin.destroy();
    }
  });

  it('notifies nobody while the SLO keeps its status, however often it is evaluated', async () => {
    await runFleetOn([a]);
    await runFleetOn([a, b]);
    await runFleetOn([b]);
    expect(Date.now()).toBeLessThan(failingFromMs);
    const snapshot = await request(a.backend.server)
      .get(
        '/api/observability/entities/component/default/checkout/slos/snapshot',
      )
      .set('Authorization', mockCredentials.user.header('user:default/ada'));
    expect(snapshot.body).toMatchObject({ evaluatedFrom: 'snapshot' });
    expect(snapshot.body.slos[0].status.status).toBe('met');
    expect(await notificationsOf(a, 'user:default/ada')).toEqual([]);
    expect(sloSignals([a, b])).toEqual([]);
  });

  it('lets a user mute the entity for themselves, and refuses a malformed mute', async () => {
    const path =
      '/api/observability/entities/component/default/checkout/slos/notifications';
    const bob = mockCredentials.user.header('user:default/bob');
    const ada = mockCredentials.user.header('user:default/ada');
    const muted = await request(b.backend.server)
      .put(path)
      .set('Authorization', bob)
      .send({ muted: true });
    expect(muted.status).toBe(200);
    expect(muted.body).toEqual({
      entityRef: 'component:default/checkout',
      muted: true,
      notificationsEnabled: true,
    });
    // Read back on the other replica: the mute is in the shared database.
    const [bobs, adas] = await Promise.all([
      request(a.backend.server).get(path).set('Authorization', bob),
      request(a.backend.server).get(path).set('Authorization', ada),
    ]);
    expect([bobs.body.muted, adas.body.muted]).toEqual([true, false]);

    const bad = await request(a.backend.server)
      .put(path)
      .set('Authorization', bob)
      .send({ muted: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('muted');
    const service = await request(a.backend.server)
      .put(path)
      .set('Authorization', mockCredentials.service.header())
      .send({ muted: true });
    expect(service.status).toBe(403);
    const unknown = await request(a.backend.server)
      .get(path.replace('checkout', 'nowhere'))
      .set('Authorization', ada);
    expect(unknown.status).toBe(404);
  });

  it('sends the owners one notification when the SLO breaches, from two replicas evaluating at once', async () => {
    // Past the failures' start by more than a step: the 5-minute window
    // holds failing samples.
    const wait = failingFromMs + 2 * STEP_MS - Date.now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    await runFleetOn([a, b]);

    const adas = await notificationsOf(b, 'user:default/ada');
    expect(adas).toHaveLength(1);
    expect(adas[0].origin).toBe('plugin:observability');
    // Sent once, not sent twice with the second replacing the first (the
    // notifications backend would then mark it updated).
    expect(adas[0].updated ?? null).toBeNull();
    expect(adas[0].payload).toMatchObject({
      title: 'checkout: SLO "Availability" is violated (was met)',
      link: '/catalog/default/component/checkout/observability?section=slos',
      severity: 'critical',
      topic: 'observability-slo',
      scope: 'observability:slo:component:default/checkout:availability',
    });
    expect(adas[0].payload.description).toContain(
      'The page burn-rate condition started holding.',
    );
    // Bob is in the owner group too, but muted checkout.
    expect(await notificationsOf(a, 'user:default/bob')).toEqual([]);
    // The replica that sent it told open SLO sections, once.
    expect(sloSignals([a, b])).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'observability:slo:component:default/checkout',
        message: { entityRef: 'component:default/checkout' },
      },
    ]);
  });

  it('sends nothing more while the SLO stays violated', async () => {
    await runFleetOn([a, b]);
    await runFleetOn([b]);
    expect(await notificationsOf(a, 'user:default/ada')).toHaveLength(1);
    expect(sloSignals([a, b])).toHaveLength(1);
  });
});
