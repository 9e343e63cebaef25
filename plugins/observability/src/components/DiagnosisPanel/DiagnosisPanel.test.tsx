import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  DiagnosisCheck,
  DiagnosisCheckId,
  DiagnosisResponse,
} from '@sightline/plugin-observability-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { DiagnosisPanel } from './DiagnosisPanel';

// Shaped like the backend's answer for checkout when its ServiceMonitor
// selects `app` while the Service carries `app.kubernetes.io/name`
// (diagnosis.integration.test.ts, seed 004 problem 2), shortened.
const skipped = (id: DiagnosisCheckId, title: string): DiagnosisCheck => ({
  id,
  title,
  status: 'skipped',
  message: 'Not checked.',
  skippedReason: 'No monitor selects the Service yet (check 3).',
  evidence: [],
  durationMs: 0,
});
const diagnosis: DiagnosisResponse = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  checkedAt: '2026-11-22T02:40:00.000Z',
  firstFailure: 'monitor',
  checks: [
    {
      id: 'config',
      title: 'Annotations, cluster and upstreams',
      status: 'pass',
      message: "Annotations parse; cluster 'local' is configured.",
      evidence: [
        { label: 'prometheus http://127.0.0.1:9090', detail: 'up (3 ms)' },
      ],
      durationMs: 12,
    },
    {
      id: 'monitor',
      title: 'A ServiceMonitor or PodMonitor selects the Service',
      status: 'fail',
      message:
        "ServiceMonitor shop/checkout does not scrape Service shop/checkout: its selector app=checkout does not match the Service's labels (app.kubernetes.io/name=checkout).",
      evidence: [
        {
          label: 'ServiceMonitor shop/checkout',
          detail: 'selector app=checkout; endpoints http /metrics',
        },
      ],
      fix: {
        summary:
          'Correct ServiceMonitor shop/checkout: its selector app=checkout does not match.',
        yaml: 'spec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: checkout\n',
      },
      durationMs: 40,
    },
    skipped(
      'prometheus-selects-monitor',
      "The cluster's Prometheus loads the monitor",
    ),
    {
      id: 'rules',
      title: 'Alert and SLO rules exist',
      status: 'warn',
      message: 'No alert rules carry the entity’s labels.',
      evidence: [],
      fix: {
        summary: 'Generate the PrometheusRule for the entity.',
        fixAction: { type: 'generate-monitoring', request: { port: 'http' } },
      },
      durationMs: 8,
    },
  ],
};

jest.setTimeout(30_000);

describe('DiagnosisPanel', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('runs on demand and shows every check in order, the cause first and expanded', async () => {
    let calls = 0;
    server.use(
      http.get(`${CHECKOUT_API}/diagnosis`, () => {
        calls += 1;
        return HttpResponse.json(diagnosis);
      }),
    );
    const onGenerate = jest.fn();
    await renderForEntity(<DiagnosisPanel onGenerateMonitoring={onGenerate} />);
    expect(calls).toBe(0);

    fireEvent.click(screen.getByTestId('diagnosis-run'));

    expect(await screen.findByTestId('diagnosis-summary')).toHaveTextContent(
      'Most likely cause (A ServiceMonitor or PodMonitor selects the Service): ServiceMonitor shop/checkout does not scrape',
    );
    expect(calls).toBe(1);
    const items = screen.getAllByTestId(/^diagnosis-check-/);
    expect(items.map(i => [i.dataset.testid, i.dataset.status])).toEqual([
      ['diagnosis-check-config', 'pass'],
      ['diagnosis-check-monitor', 'fail'],
      ['diagnosis-check-prometheus-selects-monitor', 'skipped'],
      ['diagnosis-check-rules', 'warn'],
    ]);
    const monitor = within(screen.getByTestId('diagnosis-check-monitor'));
    expect(monitor.getByTitle('Failed')).toBeInTheDocument();
    // Expanded: the evidence and the copyable YAML fix are visible.
    expect(
      monitor.getByText('selector app=checkout; endpoints http /metrics'),
    ).toBeVisible();
    // The syntax highlighter loads lazily.
    const code = await monitor.findByText(
      (_, element) => element?.tagName === 'CODE',
    );
    expect(code).toBeVisible();
    expect(code.textContent).toBe(diagnosis.checks[1].fix?.yaml);
    expect(monitor.getByRole('button', { name: /copy/i })).toBeInTheDocument();
    expect(
      screen.getByText('No monitor selects the Service yet (check 3).'),
    ).toBeInTheDocument();

    // Collapsed until opened: the rules check's fix is a generate button.
    fireEvent.click(
      screen.getByRole('button', { name: /4\. Alert and SLO rules exist/ }),
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Generate monitoring (port http)',
      }),
    );
    expect(onGenerate).toHaveBeenCalledWith({ port: 'http' });
  });

  it("runs at once from a panel's Diagnose link and opens the linked check", async () => {
    let calls = 0;
    server.use(
      http.get(`${CHECKOUT_API}/diagnosis`, () => {
        calls += 1;
        return HttpResponse.json(diagnosis);
      }),
    );
    await renderForEntity(<DiagnosisPanel />, {
      url: '/?section=setup&diagnose=rules',
    });

    expect(await screen.findByTestId('diagnosis-summary')).toBeInTheDocument();
    expect(calls).toBe(1);
    // The linked check is open beside the first failure, without a click.
    const rules = within(screen.getByTestId('diagnosis-check-rules'));
    expect(
      rules.getByText('Generate the PrometheusRule for the entity.'),
    ).toBeVisible();
    expect(
      within(screen.getByTestId('diagnosis-check-monitor')).getByText(
        'selector app=checkout; endpoints http /metrics',
      ),
    ).toBeVisible();
  });

  it('shows the backend error with a retry that runs again', async () => {
    let fail = true;
    server.use(
      http.get(`${CHECKOUT_API}/diagnosis`, () =>
        fail
          ? HttpResponse.json(
              {
                error: {
                  name: 'NotFoundError',
                  message: 'No entity component:default/checkout',
                },
                response: { statusCode: 404 },
              },
              { status: 404 },
            )
          : HttpResponse.json({
              ...diagnosis,
              firstFailure: undefined,
              checks: [diagnosis.checks[0]],
            }),
      ),
    );
    await renderForEntity(<DiagnosisPanel />);
    fireEvent.click(screen.getByTestId('diagnosis-run'));
    expect(
      await screen.findByText('No entity component:default/checkout'),
    ).toBeInTheDocument();

    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('diagnosis-summary')).toHaveTextContent(
      'Every check passed',
    );
  });

  it('offers no generate button without a handler', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/diagnosis`, () => HttpResponse.json(diagnosis)),
    );
    await renderForEntity(<DiagnosisPanel />);
    fireEvent.click(screen.getByTestId('diagnosis-run'));
    await screen.findByTestId('diagnosis-summary');
    expect(
      screen.queryByRole('button', { name: /Generate monitoring/ }),
    ).toBeNull();
  });
});
