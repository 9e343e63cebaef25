import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CompositeSlosResponse,
  evaluateCompositeCounts,
} from '@sightline/plugin-observability-common';
import { CompositeSloCard } from './CompositeSloCard';
import {
  renderForEntity,
  TEST_API_BASE,
} from '../../__testUtils__/renderForEntity';

const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-shop' },
};

const COMPOSITE_API = `${TEST_API_BASE}/entities/System/default/shop/slos/composite`;

const definition = {
  id: 'checkout-journey',
  name: 'Checkout journey',
  objective: 0.99,
  objectivePercent: 99,
  window: '30d',
  windowMs: 30 * 86_400_000,
  components: [
    { entityRef: 'component:default/checkout', slo: 'availability', weight: 2 },
    { entityRef: 'component:default/payments', slo: 'availability', weight: 1 },
    { entityRef: 'component:default/ledger', slo: 'availability', weight: 1 },
  ],
};

/** The figures as the backend computes them: the same -common maths. */
function response(): CompositeSlosResponse {
  const counts = [
    { weight: 2, good: 99_900, total: 100_000 },
    { weight: 1, good: 900, total: 1_000 },
  ];
  const { status, shares } = evaluateCompositeCounts(
    definition,
    counts.map(c => ({ ...c, errorRatios: {}, windowTotals: {} })),
  );
  const [checkout, payments, ledger] = definition.components;
  return {
    entityRef: 'system:default/shop',
    at: '2026-12-07T04:00:00Z',
    composites: [
      {
        definition,
        status,
        complete: false,
        contributions: [
          {
            ...checkout,
            state: 'measured',
            sloName: 'Availability',
            objective: 0.999,
            sli: 0.999,
            ...counts[0],
            ...shares[0],
          },
          {
            ...payments,
            state: 'measured',
            sloName: 'Availability',
            objective: 0.99,
            sli: 0.9,
            ...counts[1],
            ...shares[1],
          },
          {
            ...ledger,
            state: 'hidden',
            message:
              'you cannot read this entity in the catalog, or it does not exist; the composite leaves it out',
          },
        ],
      },
    ],
    problems: [],
  };
}

describe('CompositeSloCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("shows the composite's status and who burned its budget", async () => {
    server.use(http.get(COMPOSITE_API, () => HttpResponse.json(response())));
    await renderForEntity(<CompositeSloCard />, { entity: shopSystem });

    const composite = await screen.findByTestId('composite-checkout-journey');
    expect(within(composite).getByText('Checkout journey')).toBeInTheDocument();
    // (2·99,900 + 900) / (2·100,000 + 1,000) = 99.851%, not the 96.6% an
    // average of the two percentages would give.
    expect(composite).toHaveTextContent(
      '99.851% of the weighted requests were good',
    );
    const rows = within(
      within(composite).getByRole('table', {
        name: 'Contributions to Checkout journey',
      }),
    ).getAllByRole('row');
    // Allowed: 1% of 201,000 = 2,010 bad events; checkout's 200 are 10%.
    expect(rows[1]).toHaveTextContent('checkout');
    expect(rows[1]).toHaveTextContent('×2');
    expect(rows[1]).toHaveTextContent('200 bad of 200,000');
    expect(rows[1]).toHaveTextContent(
      '10% of the budget · 66.7% of the bad events',
    );
    expect(rows[2]).toHaveTextContent(
      '5% of the budget · 33.3% of the bad events',
    );
    expect(rows[3]).toHaveTextContent('Hidden: you cannot read this entity');
    expect(composite).toHaveTextContent(
      'Counts 2 of 3 components: the figures leave out ledger.',
    );
  });

  it('shows how to declare one when the system has none, and bad declarations by field', async () => {
    server.use(
      http.get(COMPOSITE_API, () =>
        HttpResponse.json({
          entityRef: 'system:default/shop',
          at: '2026-12-07T04:00:00Z',
          composites: [],
          problems: [
            {
              field: 'sightline.dev/slo-composites [0].objective',
              message:
                'must be below 100%: an objective of 100% leaves no error budget',
            },
          ],
        }),
      ),
    );
    await renderForEntity(<CompositeSloCard />, { entity: shopSystem });
    expect(
      await screen.findByText('No composite SLOs yet'),
    ).toBeInTheDocument();
    // The YAML to copy: the highlighter loads lazily and splits it into spans.
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        'sightline.dev/slo-composites: | - name: checkout-journey',
      ),
    );
    expect(
      screen.getByText(
        'sightline.dev/slo-composites [0].objective: must be below 100%: an objective of 100% leaves no error budget',
      ),
    ).toBeInTheDocument();
  });
});
