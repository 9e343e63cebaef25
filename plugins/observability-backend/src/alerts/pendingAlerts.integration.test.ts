/**
 * Pending alerts against the local stack's real Prometheus: a rule with a
 * long `for:` is loaded into the stack's rules directory, its alert sits in
 * the pending state, and the alerts route reports it as pending (from
 * Prometheus, since Alertmanager never sees pending alerts) with its
 * summary, description and runbook_url, and the rule with its `for:`.
 */
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import {
  loadStackRules,
  startStackBackend,
} from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const ALERT = 'SightlineTestCheckoutPending';
const RUNBOOK = 'https://runbooks.example.com/checkout/pending-test';

describe('a pending alert of the local stack', () => {
  let stack: LocalStack & { stateDir: string };
  let unloadRules: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    unloadRules = await loadStackRules(
      stack,
      'sightline-test-pending',
      [
        {
          name: 'sightline-test-pending',
          interval: '5s',
          rules: [
            {
              alert: ALERT,
              // True as long as the demo workload serves checkout, i.e. always;
              // `for: 1h` keeps it pending for the whole test.
              expr: 'sum by (namespace, service) (rate(http_requests_total{namespace="shop", service="checkout"}[5m])) > 0',
              for: '1h',
              labels: { severity: 'warning' },
              annotations: {
                summary: 'Checkout serves traffic (test rule)',
                description:
                  'Checkout in {{ $labels.namespace }} serves {{ $value | humanize }} requests per second.',
                runbook_url: RUNBOOK,
              },
            },
          ],
        },
      ],
      `ALERTS{alertname="${ALERT}", alertstate="pending"}`,
    );
  });

  afterAll(async () => {
    await unloadRules?.();
  });

  /** The alerts route of one demo service, on a backend whose catalog holds only it. */
  async function alertsOf(name: string) {
    const server = await startStackBackend(stack, [shopComponent(name)], {
      alertmanager: { url: stack.urls.alertmanager },
    });
    const res = await request(server).get(
      `/api/observability/entities/component/default/${name}/alerts`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  it('is reported as pending with its summary, description and runbook_url, next to its rule', async () => {
    const body = await alertsOf('checkout');
    expect(body.errors).toEqual([]);

    const alerts = body.alerts.filter((a: any) => a.name === ALERT);
    expect(alerts).toEqual([
      expect.objectContaining({
        name: ALERT,
        state: 'pending',
        source: 'prometheus',
        severity: 'warning',
        summary: 'Checkout serves traffic (test rule)',
        runbookUrl: RUNBOOK,
        labels: expect.objectContaining({
          alertname: ALERT,
          namespace: 'shop',
          service: 'checkout',
        }),
        silencedBy: [],
      }),
    ]);
    // The description as Prometheus templated it for this alert.
    expect(alerts[0].description).toMatch(
      /^Checkout in shop serves \d+(\.\d+)? requests per second\.$/,
    );
    expect(Date.parse(alerts[0].startsAt)).toBeLessThanOrEqual(Date.now());

    const rules = body.rules.filter((r: any) => r.name === ALERT);
    expect(rules).toEqual([
      expect.objectContaining({
        name: ALERT,
        group: 'sightline-test-pending',
        state: 'pending',
        forSeconds: 3600,
        severity: 'warning',
        summary: 'Checkout serves traffic (test rule)',
        // A rule's annotations are its templates, unexpanded.
        description:
          'Checkout in {{ $labels.namespace }} serves {{ $value | humanize }} requests per second.',
        runbookUrl: RUNBOOK,
        health: 'ok',
      }),
    ]);
  });

  it("is not another entity's alert", async () => {
    const body = await alertsOf('payments');
    expect(body.alerts.map((a: any) => a.name)).not.toContain(ALERT);
    expect(body.rules.map((r: any) => r.name)).not.toContain(ALERT);
  });
});
