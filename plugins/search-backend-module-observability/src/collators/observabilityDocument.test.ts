import {
  AlertsResponse,
  EntitySlosResponse,
  SloEvaluation,
} from '@sightline/plugin-observability-common';
import { toObservabilityDocument } from './observabilityDocument';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'Shop', title: 'Cart' },
  spec: { owner: 'group:shop/team-cart' },
};

function slo(
  name: string,
  status?: { status: 'met' | 'at-risk' | 'violated'; remaining: number },
): SloEvaluation {
  return {
    definition: { name, objectivePercent: 99.5 },
    status: status && {
      status: status.status,
      budget: { remaining: status.remaining },
    },
    explanations: [],
    burnDown: [],
    problems: [],
  } as unknown as SloEvaluation;
}

const slos = (...items: SloEvaluation[]): EntitySlosResponse => ({
  entityRef: 'component:shop/cart',
  at: '2026-01-01T00:00:00Z',
  slos: items,
  problems: [],
});

const alerts: AlertsResponse = {
  entityRef: 'component:shop/cart',
  matchers: [],
  alerts: [],
  errors: [],
  rules: [
    {
      name: 'CartDown',
      group: 'cart',
      query: 'up == 0',
      state: 'firing',
      severity: 'critical',
      summary: 'cart is down',
      health: 'ok',
    },
  ],
};

describe('toObservabilityDocument', () => {
  it('takes the worst status and the lowest budget, and opens the SLO section', () => {
    const doc = toObservabilityDocument(entity, {
      slos: slos(
        slo('Availability', { status: 'met', remaining: 0.8 }),
        slo('Latency', { status: 'violated', remaining: -0.25 }),
        slo('Freshness'),
      ),
      alerts,
    });
    expect(doc).toMatchObject({
      title: 'Cart observability',
      location: '/catalog/shop/component/cart/observability?section=slos',
      entityRef: 'component:shop/cart',
      owner: 'group:shop/team-cart',
      lifecycle: '',
      status: 'violated',
      budgetRemaining: -0.25,
      dashboards: [],
    });
    expect(doc.slos[2]).toEqual({
      name: 'Freshness',
      objectivePercent: 99.5,
      status: 'no-data',
      budgetRemaining: undefined,
    });
    expect(doc.text).toBe(
      'Observability of Cart (component:shop/cart), owned by group:shop/team-cart. ' +
        'SLO Availability: 99.5% objective, met, 80% of the error budget left. ' +
        'SLO Latency: 99.5% objective, violated, out of error budget, -25% of the error budget left. ' +
        'SLO Freshness: 99.5% objective, no data. ' +
        'Alert CartDown (critical) firing: cart is down.',
    );
  });

  it('opens the alerts section when there are no SLOs, the overview when there is nothing', () => {
    expect(
      toObservabilityDocument(entity, { slos: slos(), alerts }).location,
    ).toBe('/catalog/shop/component/cart/observability?section=alerts');
    const bare = toObservabilityDocument(entity, { slos: slos() });
    expect(bare.location).toBe(
      '/catalog/shop/component/cart/observability?section=overview',
    );
    expect(bare.status).toBe('no-data');
    expect(bare.budgetRemaining).toBeUndefined();
  });

  it('says whom the service calls and who calls it, by catalog title, so "who calls payments" finds it', () => {
    const doc = toObservabilityDocument(entity, {
      slos: slos(),
      dependencies: {
        entityRef: 'component:shop/cart',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-01T01:00:00Z',
        source: 'tempo-servicegraph',
        focus: ['cart'],
        nodes: [
          { id: 'cart', title: 'Cart', external: false, health: 'healthy' },
          {
            id: 'payments',
            entityRef: 'component:shop/payments',
            title: 'Payments',
            external: false,
            health: 'healthy',
          },
          { id: 'user', title: 'user', external: true, health: 'unknown' },
        ],
        edges: [
          { client: 'user', server: 'cart', requestRate: 2, errorRatio: 0 },
          { client: 'cart', server: 'payments', requestRate: 1, errorRatio: 0 },
          { client: 'cart', server: 'cart', requestRate: 1, errorRatio: 0 },
        ],
        drift: [],
        failures: [],
      },
    });
    expect(doc.callers).toEqual(['user']);
    expect(doc.callees).toEqual(['Payments']);
    expect(doc.text).toContain('Called by user. Calls Payments.');
  });

  it('has empty callers and callees when the graph could not be read', () => {
    const doc = toObservabilityDocument(entity, { slos: slos() });
    expect([doc.callers, doc.callees]).toEqual([[], []]);
    expect(doc.text).not.toContain('Calls');
  });
});
