import { discoveryApiRef } from '@backstage/core-plugin-api';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { ProductionReadinessCard } from './ProductionReadinessCard';

const TECH_INSIGHTS = 'http://backstage.test/api/tech-insights';
const discovery = {
  getBaseUrl: async (pluginId: string) =>
    `http://backstage.test/api/${pluginId}`,
};

function result(
  id: string,
  name: string,
  fact: string,
  passed: boolean,
  fix?: string,
) {
  return {
    check: {
      id,
      type: 'json-rules-engine',
      name,
      description: `${name}, checked`,
      factIds: ['observabilityFactRetriever'],
      metadata: fix ? { fix } : {},
    },
    facts: { [fact]: { id: fact, type: 'boolean', value: passed } },
    result: passed,
  };
}

/** What the tech-insights backend answers for checkout, as its router does. */
const RESULTS = [
  result('hasSlo', 'Has an SLO', 'hasSlo', true),
  result(
    'alerts',
    'Alerts routed, with runbooks',
    'alertsRoutedWithRunbooks',
    false,
    'Route the team’s alerts to a receiver with an integration.',
  ),
  // A check of another retriever's facts: not the card's to show.
  {
    ...result('owner', 'Has an owner', 'hasGroupOwner', true),
    check: {
      ...result('owner', 'Has an owner', 'hasGroupOwner', true).check,
      factIds: ['entityOwnershipFactRetriever'],
    },
  },
];

describe('ProductionReadinessCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const requests: string[] = [];

  beforeEach(() => {
    requests.length = 0;
    server.use(
      http.post(
        `${TECH_INSIGHTS}/checks/run/default/Component/checkout`,
        async ({ request }) => {
          requests.push(
            `POST ${new URL(request.url).pathname} ${await request.text()}`,
          );
          return HttpResponse.json(RESULTS);
        },
      ),
      http.get(`${TECH_INSIGHTS}/facts/latest`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(`GET ${url.pathname}${url.search}`);
        return HttpResponse.json({
          observabilityFactRetriever: {
            id: 'x',
            entity: {
              kind: 'component',
              namespace: 'default',
              name: 'checkout',
            },
            facts: {
              reasons: {
                alertsRoutedWithRunbooks:
                  'Alertmanager routes these rules to no receiver that notifies anyone: CheckoutTargetDown.',
              },
            },
          },
        });
      }),
    );
  });

  it('shows each check over the observability facts passed or failed, a failed one with why and how to fix it', async () => {
    await renderForEntity(<ProductionReadinessCard />, {
      apis: [[discoveryApiRef, discovery]],
    });
    expect(await screen.findByText('1 of 2 checks pass')).toBeInTheDocument();
    const passed = screen.getByTestId('readiness-hasSlo');
    expect(within(passed).getByLabelText('Passed')).toBeInTheDocument();
    expect(within(passed).queryByText(/How to fix/)).not.toBeInTheDocument();

    const failed = screen.getByTestId('readiness-alerts');
    expect(within(failed).getByLabelText('Failed')).toBeInTheDocument();
    expect(
      within(failed).getByText(
        'Alertmanager routes these rules to no receiver that notifies anyone: CheckoutTargetDown.',
      ),
    ).toBeInTheDocument();
    expect(failed).toHaveTextContent(
      'How to fix: Route the team’s alerts to a receiver with an integration.',
    );
    expect(screen.queryByText('Has an owner')).not.toBeInTheDocument();
    expect(requests.sort()).toEqual([
      'GET /api/tech-insights/facts/latest?entity=component%3Adefault%2Fcheckout&ids%5B%5D=observabilityFactRetriever',
      'POST /api/tech-insights/checks/run/default/Component/checkout {}',
    ]);
  });

  it('says where to add checks when the backend has none over these facts', async () => {
    server.use(
      http.post(`${TECH_INSIGHTS}/checks/run/default/Component/checkout`, () =>
        HttpResponse.json([]),
      ),
    );
    await renderForEntity(<ProductionReadinessCard />, {
      apis: [[discoveryApiRef, discovery]],
    });
    expect(await screen.findByText('No readiness checks')).toBeInTheDocument();
    expect(
      screen.getByText(/techInsights\.factChecker\.checks/),
    ).toBeInTheDocument();
  });

  it("shows the backend's error with a retry", async () => {
    let calls = 0;
    server.use(
      http.post(
        `${TECH_INSIGHTS}/checks/run/default/Component/checkout`,
        () => {
          calls += 1;
          return calls === 1
            ? HttpResponse.json(
                { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
                { status: 403 },
              )
            : HttpResponse.json(RESULTS);
        },
      ),
    );
    await renderForEntity(<ProductionReadinessCard />, {
      apis: [[discoveryApiRef, discovery]],
    });
    expect(await screen.findByText(/Unauthorized/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(screen.getByText('1 of 2 checks pass')).toBeInTheDocument(),
    );
  });
});
