import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MonitoringPreviewResponse,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { checkoutRed } from '../OverviewSection/__fixtures__/red';
import { failOnRowIdWarnings } from '../../__testUtils__/failOnRowIdWarnings';
import { TimeRangeProvider } from '../shared';
import { SetupSection } from './SetupSection';

// Shaped like GET .../checkout/target from the local stack, with one bad annotation added.
const target: TelemetryTarget = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  metrics: {
    matchers: [
      { name: 'namespace', op: '=', value: 'shop' },
      { name: 'service', op: '=', value: 'checkout' },
    ],
    selector: 'namespace="shop", service="checkout"',
    dialect: checkoutRed.dialect,
  },
  traces: { serviceName: 'checkout' },
  alerts: { matchers: [{ name: 'service', op: '=', value: 'checkout' }] },
  dashboards: { uids: [], tags: ['checkout'] },
  problems: [
    {
      annotation: 'sightline.dev/log-selector',
      value: 'namespace=shop',
      message: 'is not a LogQL stream selector',
      example: '{namespace="shop", app="checkout"}',
    },
  ],
};

const preview: MonitoringPreviewResponse = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  files: [
    {
      path: 'monitoring/checkout-servicemonitor.yaml',
      content: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\n',
    },
    {
      path: 'monitoring/checkout-prometheusrule.yaml',
      content: 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n',
    },
  ],
  objects: [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      namespace: 'shop',
      name: 'checkout',
    },
  ],
  annotations: { 'sightline.dev/slo-availability': '99.9' },
  warnings: ['No rules.runbookBaseUrl is set, so alerts carry no runbook_url.'],
  diff: [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      namespace: 'shop',
      name: 'checkout',
      change: 'configured',
      changedFields: ['.spec.endpoints'],
    },
  ],
};

const health = {
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
    ],
  },
};

/** The decision for checkout; any other resource is denied, so the section must ask about its entity. */
function renderSetup(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  return renderForEntity(
    <TimeRangeProvider>
      <SetupSection />
    </TimeRangeProvider>,
    {
      apis: [
        mockApis.permission({
          authorize: request =>
            request.resourceRef === 'component:default/checkout'
              ? result
              : AuthorizeResult.DENY,
        }),
      ],
    },
  );
}

// The first render loads MUI, the table and the dialog; slow on a busy machine.
jest.setTimeout(30_000);

describe('SetupSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  failOnRowIdWarnings();

  beforeEach(() => {
    server.use(
      http.get(`${CHECKOUT_API}/target`, () => HttpResponse.json(target)),
      http.get(`${CHECKOUT_API}/health`, () => HttpResponse.json(health)),
      http.post(`${CHECKOUT_API}/monitoring/preview`, () =>
        HttpResponse.json(preview),
      ),
    );
  });

  it('shows what is configured, each bad annotation with an example, and upstream health', async () => {
    await renderSetup(AuthorizeResult.DENY);

    expect(await screen.findByText('What is configured')).toBeInTheDocument();
    expect(
      screen.getByText('namespace="shop", service="checkout"'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Prometheus client (http_requests_total) (detected)'),
    ).toBeInTheDocument();
    expect(screen.getByText('status=~"5.."')).toBeInTheDocument();
    expect(screen.getByText('sightline.dev/log-selector')).toBeInTheDocument();
    expect(
      screen.getByText(/is not a LogQL stream selector/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('{namespace="shop", app="checkout"}'),
    ).toBeInTheDocument();
    // The bad annotation links to the doctor's configuration check.
    expect(
      screen.getByRole('button', { name: 'Diagnose' }).getAttribute('href'),
    ).toMatch(/diagnose=config/);
    expect(await screen.findByText('Cluster local')).toBeInTheDocument();
  });

  it('shows the detected metrics engine, and what it lacks with how to enable it', async () => {
    // Shaped like /health for the stack's VictoriaMetrics cluster.
    const vmalertReason =
      'VictoriaMetrics lists no rules of its own: run vmalert with your rule files and start VictoriaMetrics with -vmalert.proxyURL=<vmalert URL>, so that /api/v1/rules and /api/v1/alerts answer vmalert’s.';
    server.use(
      http.get(`${CHECKOUT_API}/health`, () =>
        HttpResponse.json({
          ...health,
          cluster: {
            ...health.cluster,
            upstreams: [
              {
                ...health.cluster.upstreams[0],
                engine: {
                  kind: 'victoriametrics',
                  capabilities: {
                    rules: { available: false, reason: vmalertReason },
                    exemplars: {
                      available: false,
                      reason: 'VictoriaMetrics stores no exemplars.',
                    },
                    targets: { available: true },
                  },
                },
              },
            ],
          },
        }),
      ),
    );
    await renderSetup(AuthorizeResult.DENY);

    const engine = await screen.findByTestId('prometheus-engine');
    expect(
      within(engine).getByText('Metrics engine: VictoriaMetrics'),
    ).toBeInTheDocument();
    expect(
      within(engine).getByText(
        `Rules API (alert rules, SLO recording rules): not available. ${vmalertReason}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(engine).getByText(
        'Exemplars (trace links on charts): not available. VictoriaMetrics stores no exemplars.',
      ),
    ).toBeInTheDocument();
    expect(
      within(engine).getByText(
        'Targets API (the doctor’s scrape target check): available',
      ),
    ).toBeInTheDocument();
  });

  it('applies only after a dry run, and shows what each object became', async () => {
    const applies: unknown[] = [];
    server.use(
      http.post(`${CHECKOUT_API}/monitoring/apply`, async ({ request }) => {
        const body = (await request.json()) as { dryRun?: boolean };
        applies.push(body);
        return HttpResponse.json({
          entityRef: 'component:default/checkout',
          cluster: 'local',
          dryRun: Boolean(body.dryRun),
          objects: [
            {
              ...preview.diff![0],
              change: body.dryRun ? 'configured' : 'created',
            },
          ],
        });
      }),
    );
    await renderSetup(AuthorizeResult.ALLOW);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Generate monitoring' }),
    );
    const dialog = await screen.findByRole('dialog');
    const apply = await within(dialog).findByRole('button', {
      name: 'Apply to cluster',
    });
    expect(apply).toBeDisabled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Dry run' }),
    );
    expect(
      await within(dialog).findByText(/Dry run on cluster local passed/),
    ).toBeInTheDocument();
    await waitFor(() => expect(apply).toBeEnabled());

    await userEvent.click(apply);
    expect(
      await within(dialog).findByText('Applied to cluster local.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Created')).toBeInTheDocument();
    expect(applies).toEqual([{ dryRun: true }, { dryRun: false }]);
  });

  it('shows why applying failed', async () => {
    server.use(
      http.post(`${CHECKOUT_API}/monitoring/apply`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                "Namespace 'shop' is not in kubernetes.allowedNamespaces",
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderSetup(AuthorizeResult.ALLOW);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Generate monitoring' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      await within(dialog).findByRole('button', { name: 'Dry run' }),
    );
    expect(await within(dialog).findByText('Not allowed')).toBeInTheDocument();
    expect(within(dialog).getByText(/allowedNamespaces/)).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Apply to cluster' }),
    ).toBeDisabled();
  });

  it('previews the generated files and the cluster diff, without Apply for users not allowed to', async () => {
    await renderSetup(AuthorizeResult.DENY);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Generate monitoring' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/no runbook_url/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/kind: ServiceMonitor/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('tab', { name: 'checkout-prometheusrule.yaml' }),
    );
    expect(
      within(dialog).getByText(/kind: PrometheusRule/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('.spec.endpoints')).toBeInTheDocument();
    expect(
      within(dialog).getByText(/sightline.dev\/slo-availability: "99.9"/),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Dry run' }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Apply to cluster' }),
    ).not.toBeInTheDocument();
  });
});
