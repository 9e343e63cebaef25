import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ObservabilityContent } from './ObservabilityContent';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { ObservabilityClient } from '../../api/ObservabilityClient';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service' },
};

const client = new ObservabilityClient({
  discoveryApi: {
    getBaseUrl: async () => 'http://backstage.test/api/observability',
  },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

function renderContent(section = 'setup') {
  return renderInTestApp(
    <TestApiProvider apis={[[observabilityApiRef, client]]}>
      <EntityProvider entity={entity}>
        <ObservabilityContent />
      </EntityProvider>
    </TestApiProvider>,
    { initialRouteEntries: [`/?section=${section}`] },
  );
}

// The first render loads MUI and the table; slow on a busy machine.
jest.setTimeout(30_000);

describe('ObservabilityContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("shows the entity's cluster and each upstream's reachability", async () => {
    server.use(
      http.get(
        'http://backstage.test/api/observability/entities/Component/default/checkout/health',
        () =>
          HttpResponse.json({
            entityRef: 'component:default/checkout',
            cluster: {
              cluster: 'local',
              upstreams: [
                {
                  kind: 'prometheus',
                  url: 'http://127.0.0.1:9090',
                  status: 'up',
                  latencyMs: 3,
                },
                {
                  kind: 'loki',
                  url: 'http://127.0.0.1:3100',
                  status: 'down',
                  latencyMs: 1,
                  error:
                    "Loki of cluster 'local' refused the connection (is it running?)",
                },
              ],
            },
          }),
      ),
    );

    await renderContent();

    expect(await screen.findByText('Cluster local')).toBeInTheDocument();
    expect(
      screen.getByText(
        '1 of 2 upstreams are unreachable; their panels will show errors.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Prometheus')).toBeInTheDocument();
    expect(screen.getByText('Reachable')).toBeInTheDocument();
    expect(screen.getByText('Unreachable')).toBeInTheDocument();
    expect(screen.getByText('3 ms')).toBeInTheDocument();
    expect(screen.getByText(/refused the connection/)).toBeInTheDocument();
  });

  it('shows the backend error, and what to do, when the entity cannot be resolved', async () => {
    server.use(
      http.get('http://backstage.test/api/observability/entities/*', () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                "Annotation sightline.dev/cluster names cluster 'nowhere', which is not configured.",
            },
            request: {
              method: 'GET',
              url: '/entities/Component/default/checkout/health',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );

    await renderContent();

    // Both Setup panels that load on their own (configuration, upstream health) say so, each with its own retry.
    await waitFor(() =>
      expect(
        screen.getAllByText('The request or an annotation is invalid'),
      ).toHaveLength(2),
    );
    expect(screen.getAllByText(/names cluster 'nowhere'/)).toHaveLength(2);
    expect(
      screen.getAllByText(/names the parameter or annotation/),
    ).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(2);
  });

  // The range changes nothing where a section shows the state as of now:
  // offering it there made people believe they were looking at the past.
  it('offers the time range only where it changes what is shown, and says what the picker changes', async () => {
    server.use(
      http.get('http://backstage.test/api/observability/entities/*', () =>
        HttpResponse.json({}, { status: 404 }),
      ),
    );

    const setup = await renderContent('setup');
    expect(
      screen.getByText('Configuration and upstreams as of now'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Time range/ })).toBeNull();
    expect(
      screen.getByRole('button', { name: /Time zone/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Refresh now' }),
    ).toBeInTheDocument();
    setup.unmount();

    const alerts = await renderContent('alerts');
    expect(
      screen.getByText('Alerts and silences as of now'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Time range/ })).toBeNull();
    alerts.unmount();

    const slos = await renderContent('slos');
    expect(
      screen.getByText(/Each SLO over its own window/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Time range/ }),
    ).toBeInTheDocument();
    slos.unmount();

    await renderContent('logs');
    expect(
      screen.getByRole('button', { name: /Time range/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/as of now/)).toBeNull();
  });
});
