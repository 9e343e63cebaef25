/**
 * Who a silence belongs to, against the local stack's real Prometheus and
 * Alertmanager. A test rule makes checkout fire an alert of its own (so no
 * demo alert is ever muted); `shop-wide` is an entity whose alert matchers
 * cover the whole namespace, as an attacker could annotate it; and
 * `checkout-alerts` another entity that claims checkout's labels.
 */
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import {
  loadStackRules,
  startStackBackend,
} from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const ALERT = 'SightlineTestSilenceOwnership';
const ENTITIES = '/api/observability/entities/component/default';

type AmSilence = {
  id: string;
  comment: string;
  status: { state: string };
};

describe('silence ownership against the real Alertmanager', () => {
  let stack: LocalStack & { stateDir: string };
  let unloadRules: (() => Promise<void>) | undefined;
  /** Every silence a test made, expired afterwards whatever happened. */
  const made: string[] = [];

  async function am<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${stack.urls.alertmanager}${path}`, init);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const stored = (id: string) => am<AmSilence>(`/api/v2/silence/${id}`);

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    unloadRules = await loadStackRules(
      stack,
      'sightline-test-silence-ownership',
      [
        {
          name: 'sightline-test-silence-ownership',
          interval: '5s',
          rules: [
            {
              alert: ALERT,
              // Always true, and labelled as checkout's: it fires at once.
              expr: 'vector(1)',
              labels: {
                namespace: 'shop',
                service: 'checkout',
                severity: 'info',
              },
              annotations: { summary: 'Checkout test alert (silences)' },
            },
          ],
        },
      ],
      `ALERTS{alertname="${ALERT}", alertstate="firing"}`,
    );
  });

  afterAll(async () => {
    for (const id of made) {
      await am(`/api/v2/silence/${id}`, { method: 'DELETE' });
    }
    await unloadRules?.();
  });

  function backend() {
    return startStackBackend(
      stack,
      [
        shopComponent('checkout'),
        shopComponent('shop-wide', {
          'sightline.dev/alert-matchers': 'namespace="shop"',
        }),
        shopComponent('checkout-alerts', {
          'sightline.dev/alert-matchers': `service="checkout", alertname="${ALERT}"`,
        }),
      ],
      { alertmanager: { url: stack.urls.alertmanager } },
    );
  }

  /** A silence made through the backend, narrowed to the test alert. */
  async function silenceFrom(
    server: Awaited<ReturnType<typeof backend>>,
    entity: string,
    comment: string,
  ) {
    const res = await request(server)
      .post(`${ENTITIES}/${entity}/silences`)
      .send({
        comment,
        durationMinutes: 5,
        matchers: [{ name: 'alertname', op: '=', value: ALERT }],
      });
    if (res.status === 201) made.push(res.body.id);
    return res;
  }

  it('refuses a namespace-wide silence from an entity whose alert matchers name no service, sending nothing to Alertmanager', async () => {
    const server = await backend();
    const comment = `integration test: namespace-wide ${Date.now()}`;
    const res = await silenceFrom(server, 'shop-wide', comment);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'sightline.dev/alert-matchers is malformed: these alert matchers cannot identify one service',
    );
    const all = await am<AmSilence[]>('/api/v2/silences');
    expect(all.filter(s => s.comment.startsWith(comment))).toEqual([]);
  });

  it("does not let an entity with broader matchers expire another entity's silence", async () => {
    const server = await backend();
    const created = await silenceFrom(
      server,
      'checkout',
      'integration test: checkout owns this',
    );
    expect(created.status).toBe(201);
    expect(created.body.createdFrom).toBe('component:default/checkout');
    expect(created.body.comment).toBe('integration test: checkout owns this');
    expect((await stored(created.body.id)).comment).toBe(
      'integration test: checkout owns this [sightline.dev/entity=component:default/checkout]',
    );

    const takeover = await request(server).delete(
      `${ENTITIES}/shop-wide/silences/${created.body.id}`,
    );
    expect(takeover.status).toBe(403);
    expect(takeover.body.error.message).toBe(
      `Silence ${created.body.id} does not belong to component:default/shop-wide: it was created for component:default/checkout, from whose page it can be expired`,
    );
    expect((await stored(created.body.id)).status.state).toBe('active');

    const own = await request(server).delete(
      `${ENTITIES}/checkout/silences/${created.body.id}`,
    );
    expect(own.status).toBe(204);
    expect((await stored(created.body.id)).status.state).toBe('expired');
  });

  it('lists every silence that mutes its alert, wherever it was made, marked as such, and expires none of them', async () => {
    const server = await backend();
    // Made in Alertmanager's UI or API: no service matcher, so Alertmanager's
    // own filter (service="checkout") would never return it.
    const now = Date.now();
    const { silenceID: outside } = await am<{ silenceID: string }>(
      '/api/v2/silences',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: [
            { name: 'namespace', value: 'shop', isRegex: false, isEqual: true },
            { name: 'alertname', value: ALERT, isRegex: false, isEqual: true },
          ],
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 5 * 60_000).toISOString(),
          createdBy: 'alice (Alertmanager UI)',
          comment: 'integration test: made in Alertmanager',
        }),
      },
    );
    made.push(outside);
    // Made from another entity's page that claims checkout's labels.
    const other = await silenceFrom(
      server,
      'checkout-alerts',
      'integration test: made for checkout-alerts',
    );
    expect(other.status).toBe(201);

    // Alertmanager itself says the silences mute checkout's firing alert.
    // Prometheus sends it the alert too, but only after its next evaluation
    // and notification round, which a busy CI machine can push past the
    // wait; posting the same alert (as Prometheus would) makes it present now.
    await am('/api/v2/alerts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: {
            alertname: ALERT,
            namespace: 'shop',
            service: 'checkout',
            severity: 'info',
          },
          annotations: { summary: 'Checkout test alert (silences)' },
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 5 * 60_000).toISOString(),
        },
      ]),
    });
    let silencedBy: string[] = [];
    for (let i = 0; i < 60; i++) {
      const alerts = await am<any[]>(
        `/api/v2/alerts?filter=${encodeURIComponent(`alertname="${ALERT}"`)}`,
      );
      silencedBy = alerts.flatMap(a => a.status.silencedBy);
      if (silencedBy.includes(outside)) break;
      await new Promise(r => setTimeout(r, 1_000));
    }
    expect(silencedBy).toEqual(expect.arrayContaining([outside]));

    const listed = await request(server).get(`${ENTITIES}/checkout/silences`);
    expect(listed.status).toBe(200);
    const byId = new Map<string, any>(
      listed.body.silences.map((s: any) => [s.id, s]),
    );
    expect(byId.get(outside)).toMatchObject({
      createdBy: 'alice (Alertmanager UI)',
      comment: 'integration test: made in Alertmanager',
      state: 'active',
    });
    expect(byId.get(outside).createdFrom).toBeUndefined();
    expect(byId.get(other.body.id)).toMatchObject({
      createdFrom: 'component:default/checkout-alerts',
      comment: 'integration test: made for checkout-alerts',
    });

    for (const [id, message] of [
      [
        outside,
        'it was created outside Backstage (by alice (Alertmanager UI))',
      ],
      [other.body.id, 'it was created for component:default/checkout-alerts'],
    ]) {
      const res = await request(server).delete(
        `${ENTITIES}/checkout/silences/${id}`,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(message);
      expect((await stored(id)).status.state).toBe('active');
    }
  });
});
