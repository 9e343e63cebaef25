import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntitySlosResponse,
  SloRollupResponse,
} from '@sightline/plugin-observability-common';
import { GroupSloRollupCard, SystemSloRollupCard } from './SloRollupCard';
import {
  renderForEntity,
  TEST_API_BASE,
} from '../../__testUtils__/renderForEntity';
import recorded from '../SlosSection/__fixtures__/checkout-slos.json';
import { burningAvailability } from '../../__testUtils__/burningSlo';

const [availability, latency] = (recorded as unknown as EntitySlosResponse)
  .slos;

const teamShop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-shop', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-shop' },
};

// Sorted as the backend sorts: most urgent first, unmeasured last.
const rollup: SloRollupResponse = {
  entityRef: 'group:default/team-shop',
  at: '2026-11-22T02:30:00Z',
  slos: [
    { ...burningAvailability(), entityRef: 'component:default/payments' },
    { ...availability, entityRef: 'component:default/checkout' },
    {
      ...latency,
      entityRef: 'component:default/payments',
      status: {
        ...latency.status!,
        status: 'at-risk',
        policy: 'critical',
        budget: { ...latency.status!.budget, remaining: 0.12 },
      },
    },
    {
      definition: availability.definition,
      entityRef: 'component:default/kbot',
      explanations: [],
      burnDown: [],
      problems: [{ message: "Prometheus of cluster 'local' timed out" }],
    },
  ],
  failures: [
    {
      entityRef: 'component:default/legacy',
      message: "Annotation sightline.dev/cluster names cluster 'old'",
    },
  ],
  problems: [],
};

describe('SloRollupCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("lists every SLO of the team's services in the backend's order, linking to each service's SLO section", async () => {
    server.use(
      http.get(`${TEST_API_BASE}/groups/default/team-shop/slos`, () =>
        HttpResponse.json(rollup),
      ),
    );
    await renderForEntity(<GroupSloRollupCard />, { entity: teamShop });

    const table = await screen.findByRole('table', {
      name: 'SLOs, most urgent first',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('link').textContent)).toEqual([
      'payments',
      'checkout',
      'payments',
      'kbot',
    ]);
    expect(within(rows[1]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=slos',
    );
    // Each row says why it stands where it does.
    expect(rows[0]).toHaveTextContent('85.4% · 36.9 min');
    expect(rows[0]).toHaveTextContent('At risk');
    expect(rows[0]).toHaveTextContent('Policy: critical');
    expect(rows[0]).toHaveTextContent(
      'Page condition page-quick, page-slow hold; at this pace the budget runs out in 15 h 22 min',
    );
    expect(rows[1]).toHaveTextContent('30.1% · 13 min');
    expect(rows[1]).toHaveTextContent('Met');
    expect(rows[1]).toHaveTextContent('Policy: warning');
    expect(rows[1]).toHaveTextContent(
      '30.1% of the budget left; at this pace the budget runs out in 90 d 7 h',
    );
    expect(rows[2]).toHaveTextContent('12%');
    expect(rows[2]).toHaveTextContent('At risk');
    expect(rows[2]).toHaveTextContent('Policy: critical');
    expect(rows[2]).toHaveTextContent('Only 12% of the budget left');
    expect(rows[3]).toHaveTextContent(
      "Prometheus of cluster 'local' timed out",
    );
    expect(rows[3]).toHaveTextContent('No data');
    expect(
      screen.getByText(/SLOs of component:default\/legacy could not be read/),
    ).toBeInTheDocument();
  });

  it("asks for the system's SLOs on System pages, and says how to add one when there is none", async () => {
    server.use(
      http.get(`${TEST_API_BASE}/systems/default/shop/slos`, () =>
        HttpResponse.json({
          ...rollup,
          entityRef: 'system:default/shop',
          slos: [],
          failures: [],
        }),
      ),
    );
    await renderForEntity(<SystemSloRollupCard />, { entity: shopSystem });

    expect(await screen.findByText('No SLOs yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Add sightline.dev\/slo-availability: '99.9'/),
    ).toBeInTheDocument();
    expect(
      screen.getByText("SLOs of the system's services"),
    ).toBeInTheDocument();
  });

  it('shows why the rollup failed', async () => {
    server.use(
      http.get(`${TEST_API_BASE}/groups/default/team-shop/slos`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'group:default/team-shop not found',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderForEntity(<GroupSloRollupCard />, { entity: teamShop });
    expect(await screen.findByText('Not found')).toBeInTheDocument();
    expect(
      screen.getByText('group:default/team-shop not found'),
    ).toBeInTheDocument();
  });
});
