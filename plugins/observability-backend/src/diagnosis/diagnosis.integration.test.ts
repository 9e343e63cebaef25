/**
 * The monitoring doctor through the whole backend plugin against the REAL
 * Prometheus of the local stack (its targets API, series and rules; the
 * stack's `doctor-down` job scrapes 127.0.0.1:9109, where nothing listens),
 * the Loki and Tempo stand-ins fed by the live demo workload, and the
 * Kubernetes API stand-in serving the objects of each seed-004 "No Data"
 * cause (e2e/standins; Loki, Tempo and an API server cannot run here).
 */
import {
  DIAGNOSIS_CHECK_IDS,
  DiagnosisCheck,
  DiagnosisCheckId,
  DiagnosisResponse,
} from '@sightline/plugin-observability-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import {
  KubernetesStandin,
  startKubernetesStandin,
  startStandins,
  Standins,
} from '../__testUtils__/standins';
import { healthyShop, shopObjects } from './__fixtures__/cluster';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const base = '/api/observability/entities/component/default';
const TOKEN = 'doctor-token';

describe('monitoring doctor', () => {
  let server: Parameters<typeof request>[0];
  let kubernetes: KubernetesStandin;
  let standins: Standins;
  let hanging: http.Server;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    [kubernetes, standins] = await Promise.all([
      startKubernetesStandin({ token: TOKEN }),
      startStandins({ stateDir: stack.stateDir as string }),
    ]);
    // An upstream that accepts connections and never answers.
    hanging = http.createServer(() => {});
    await new Promise<void>(resolve => hanging.listen(0, '127.0.0.1', resolve));
    const hangingUrl = `http://127.0.0.1:${
      (hanging.address() as AddressInfo).port
    }`;
    const local = {
      prometheus: { url: stack.urls.prometheus },
      loki: { url: standins.urls.loki },
      tempo: { url: standins.urls.tempo },
      grafana: { url: standins.urls.grafana },
    };
    ({ server } = await startObservabilityBackend({
      observability: {
        defaultCluster: 'local',
        limits: { queryTimeout: '4s' },
        clusters: [
          {
            name: 'local',
            ...local,
            kubernetes: { url: kubernetes.url, token: TOKEN },
          },
          { name: 'no-kubernetes', ...local },
          {
            name: 'hanging',
            prometheus: { url: hangingUrl },
            loki: { url: hangingUrl },
            tempo: { url: hangingUrl },
            kubernetes: { url: hangingUrl, token: TOKEN },
          },
        ],
      },
      entities: [
        shopComponent('checkout'),
        shopComponent('inventory', {
          'sightline.dev/cluster': 'no-kubernetes',
        }),
        shopComponent('typo', {
          'backstage.io/kubernetes-id': 'checkout',
          'sightline.dev/cluster': 'no-kubernetes',
          'sightline.dev/prometheus-selector':
            'namespace="shop", service="checkuot"',
        }),
        shopComponent('no-namespace', {
          'sightline.dev/cluster': 'no-kubernetes',
          'sightline.dev/prometheus-selector': 'service="checkout"',
          'sightline.dev/trace-service': 'checkout',
          'sightline.dev/log-selector': '{app="checkout"}',
        }),
        shopComponent('fluentbit', {
          'sightline.dev/cluster': 'no-kubernetes',
          'sightline.dev/prometheus-selector':
            'namespace="shop", service="checkout"',
          'sightline.dev/log-selector':
            '{kubernetes_namespace_name="shop", app="checkout"}',
          'sightline.dev/trace-service': 'checkot',
        }),
        shopComponent('stuck', { 'sightline.dev/cluster': 'hanging' }),
        shopComponent('lost', { 'sightline.dev/cluster': 'nowhere' }),
      ],
    }));
  });

  afterAll(async () => {
    await Promise.all([kubernetes?.stop(), standins?.stop()]);
    hanging?.closeAllConnections();
    hanging?.close();
  });

  async function diagnose(name: string): Promise<DiagnosisResponse> {
    const res = await request(server).get(`${base}/${name}/diagnosis`);
    expect(res.status).toBe(200);
    const body = res.body as DiagnosisResponse;
    expect(body.checks.map(c => c.id)).toEqual([...DIAGNOSIS_CHECK_IDS]);
    return body;
  }

  const check = (body: DiagnosisResponse, id: DiagnosisCheckId) =>
    body.checks.find(c => c.id === id) as DiagnosisCheck;

  const statuses = (body: DiagnosisResponse) =>
    Object.fromEntries(body.checks.map(c => [c.id, c.status]));

  it('passes every check on the healthy demo service', async () => {
    await kubernetes.load(healthyShop());
    const body = await diagnose('checkout');
    expect(statuses(body)).toEqual({
      config: 'pass',
      'kubernetes-service': 'pass',
      monitor: 'pass',
      'prometheus-selects-monitor': 'pass',
      'scrape-target': 'pass',
      series: 'pass',
      logs: 'pass',
      traces: 'pass',
      rules: 'pass',
      // This checkout declares no SLOs (see sloObjectives.integration.test.ts).
      'slo-objectives': 'skipped',
      // The stack's Tempo-named service graph has checkout's calls.
      'service-graph': 'pass',
    });
    expect(body.firstFailure).toBeUndefined();
    expect(check(body, 'prometheus-selects-monitor').message).toBe(
      'Prometheus monitoring/kube-prometheus-stack-prometheus loads ServiceMonitor shop/checkout',
    );
  });

  it('names a ServiceMonitor in a namespace the Prometheus does not watch, and moves it to monitoring', async () => {
    // Seed 004 problem 1: the Prometheus watches only its own namespace.
    await kubernetes.load(
      shopObjects({
        prometheus: { serviceMonitorNamespaceSelector: undefined },
      }),
    );
    const body = await diagnose('checkout');
    expect(body.firstFailure).toBe('prometheus-selects-monitor');
    const c = check(body, 'prometheus-selects-monitor');
    expect(c.message).toBe(
      "ServiceMonitor shop/checkout lives in namespace 'shop', which Prometheus monitoring/kube-prometheus-stack-prometheus does not watch (no serviceMonitorNamespaceSelector: only its own namespace 'monitoring').",
    );
    expect(c.fix?.yaml).toContain('namespace: monitoring');
    expect(c.fix?.yaml).toContain('matchNames:\n      - shop');
  });

  it('reads label-based namespace selectors against the namespaces the API labels', async () => {
    await kubernetes.load(
      shopObjects({
        prometheus: {
          serviceMonitorNamespaceSelector: {
            matchLabels: { monitoring: 'enabled' },
          },
        },
      }),
    );
    const refused = check(
      await diagnose('checkout'),
      'prometheus-selects-monitor',
    );
    expect(refused.message).toContain(
      'which Prometheus monitoring/kube-prometheus-stack-prometheus does not watch (monitoring=enabled)',
    );

    // The API server labels every namespace with its own name.
    await kubernetes.load(
      shopObjects({
        prometheus: {
          serviceMonitorNamespaceSelector: {
            matchExpressions: [
              {
                key: 'kubernetes.io/metadata.name',
                operator: 'In',
                values: ['shop', 'monitoring'],
              },
            ],
          },
        },
      }),
    );
    expect(
      check(await diagnose('checkout'), 'prometheus-selects-monitor').status,
    ).toBe('pass');
  });

  it("names a monitor whose namespaceSelector misses the Service's namespace", async () => {
    await kubernetes.load(
      shopObjects({
        monitor: { namespace: 'monitoring', namespaceSelector: undefined },
      }),
    );
    const c = check(await diagnose('checkout'), 'monitor');
    expect(c.status).toBe('fail');
    expect(c.message).toContain(
      "its namespaceSelector covers monitoring (its own namespace, as no namespaceSelector is set), not the Service's namespace 'shop'",
    );
    expect(c.fix?.yaml).toContain('matchNames:\n      - shop');
  });

  it('names a label mismatch between the ServiceMonitor and the Service', async () => {
    // Seed 004 problem 2: the Service has app.kubernetes.io/name, the monitor selects app.
    await kubernetes.load(
      shopObjects({
        monitor: { selector: { matchLabels: { app: 'checkout' } } },
      }),
    );
    const body = await diagnose('checkout');
    expect(body.firstFailure).toBe('monitor');
    const c = check(body, 'monitor');
    expect(c.message).toBe(
      "ServiceMonitor shop/checkout does not scrape Service shop/checkout: its selector app=checkout does not match the Service's labels (app.kubernetes.io/name=checkout).",
    );
    expect(c.fix?.yaml).toContain(
      'selector:\n    matchLabels:\n      app.kubernetes.io/name: checkout',
    );
    expect(check(body, 'prometheus-selects-monitor').status).toBe('skipped');
  });

  it('names a port-name mismatch and the port to use', async () => {
    // Seed 004 problem 3: the Service port is "web", the monitor asks for "metrics".
    await kubernetes.load(
      shopObjects({ servicePort: 'web', monitor: { port: 'metrics' } }),
    );
    const c = check(await diagnose('checkout'), 'monitor');
    expect(c.status).toBe('fail');
    expect(c.message).toContain(
      "its endpoints name port(s) 'metrics', but the Service name web",
    );
    expect(c.fix?.yaml).toContain('- port: web');
  });

  it('names the missing release label of kube-prometheus-stack', async () => {
    await kubernetes.load(shopObjects({ monitor: { labels: {} } }));
    const c = check(await diagnose('checkout'), 'prometheus-selects-monitor');
    expect(c.status).toBe('fail');
    expect(c.message).toContain(
      'ServiceMonitor shop/checkout lacks the label release=kube-prometheus-stack that Prometheus monitoring/kube-prometheus-stack-prometheus selects monitors by',
    );
    expect(c.fix?.yaml).toContain(
      'labels:\n    release: kube-prometheus-stack',
    );
  });

  it("names seed 002's missing prometheus: main label", async () => {
    await kubernetes.load(
      shopObjects({
        prometheus: {
          name: 'main',
          serviceMonitorSelector: { matchLabels: { prometheus: 'main' } },
        },
        monitor: { labels: { team: 'shop' } },
      }),
    );
    const c = check(await diagnose('checkout'), 'prometheus-selects-monitor');
    expect(c.message).toContain('lacks the label prometheus=main');
    expect(c.fix?.yaml).toContain('prometheus: main');
    expect(c.fix?.yaml).toContain('team: shop');
  });

  it('offers to generate a monitor when none selects the Service', async () => {
    await kubernetes.load(shopObjects({ monitor: null }));
    const c = check(await diagnose('checkout'), 'monitor');
    expect(c.status).toBe('fail');
    expect(c.fix?.fixAction).toEqual({
      type: 'generate-monitoring',
      request: { port: 'http' },
    });
  });

  it('names unnamed Service ports and unready Pods', async () => {
    await kubernetes.load(shopObjects({ servicePort: null, podReady: false }));
    const c = check(await diagnose('checkout'), 'kubernetes-service');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('has 1 unnamed port(s) (9101)');
    expect(c.fix?.yaml).toContain(
      '- port: 9101\n      protocol: TCP\n      targetPort: 9101\n      name: metrics',
    );
    expect(c.evidence.map(e => e.detail)).toContain(
      '1 found, 0 ready (not ready: checkout-7c9f6d5b8-x2k9p)',
    );
  });

  it("gives a down target's own lastError from the real targets API", async () => {
    const body = await diagnose('inventory');
    const c = check(body, 'scrape-target');
    expect(c.status).toBe('fail');
    expect(c.message).toContain(
      'http://127.0.0.1:9109/metrics (job doctor-down)',
    );
    expect(c.message).toContain('connection refused');
    expect(c.fix?.summary).toContain(
      'Nothing answers at http://127.0.0.1:9109/metrics',
    );
    expect(check(body, 'kubernetes-service').skippedReason).toBe(
      "No Kubernetes API is configured for cluster 'no-kubernetes' (observability.clusters[].kubernetes).",
    );
  });

  it("flags a dashboard query without the namespace filter (seed 004's 'shows ALL apps')", async () => {
    const c = check(await diagnose('inventory'), 'series');
    expect(c.status).toBe('warn');
    expect(c.message).toContain(
      "dashboard 'Inventory / Requests' panel 'Targets up' queries sum(up) without a namespace filter, so it shows ALL apps",
    );
    expect(c.fix?.summary).toContain('Add namespace="shop"');
  });

  it('names the wrong PromQL matcher value and its closest existing value', async () => {
    const body = await diagnose('typo');
    const c = check(body, 'series');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('no series has service="checkuot"');
    expect(c.fix?.yaml).toBe(
      'metadata:\n  annotations:\n    sightline.dev/prometheus-selector: namespace="shop", service="checkout"\n',
    );
    expect(check(body, 'scrape-target').status).toBe('fail');
  });

  it('flags a selector without the namespace filter', async () => {
    const c = check(await diagnose('no-namespace'), 'series');
    expect(c.status).toBe('warn');
    expect(c.message).toContain('the selector has no namespace matcher');
    expect(c.fix?.yaml).toContain('namespace="shop", service="checkout"');
  });

  it("names Fluent Bit's label for the namespace and the closest trace service", async () => {
    const body = await diagnose('fluentbit');
    const logs = check(body, 'logs');
    expect(logs.status).toBe('fail');
    expect(logs.message).toContain(
      `Loki has no label 'kubernetes_namespace_name'; your collector writes "shop" as 'namespace'`,
    );
    expect(logs.fix?.yaml).toContain(
      `sightline.dev/log-selector: '{namespace="shop", app="checkout"}'`,
    );
    const traces = check(body, 'traces');
    expect(traces.status).toBe('fail');
    expect(traces.message).toContain('It knows checkout');
    expect(traces.fix?.yaml).toContain('sightline.dev/trace-service: checkout');
  });

  it('answers within the timeout when upstreams hang, failing their checks by name', async () => {
    const started = Date.now();
    const body = await diagnose('stuck');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(check(body, 'series').status).toBe('fail');
    expect(check(body, 'scrape-target').message).toContain(
      "Prometheus of cluster 'hanging'",
    );
    expect(check(body, 'logs').message).toContain("Loki of cluster 'hanging'");
    expect(check(body, 'traces').message).toContain(
      "Tempo of cluster 'hanging'",
    );
    expect(check(body, 'kubernetes-service').message).toContain(
      "Kubernetes API of cluster 'hanging'",
    );
  });

  it('reports an unknown cluster as the first failure, skipping the rest', async () => {
    const body = await diagnose('lost');
    expect(body.firstFailure).toBe('config');
    expect(check(body, 'config').message).toContain(
      "names cluster 'nowhere', which is not configured",
    );
    expect(
      body.checks.filter(c => c.id !== 'config').map(c => c.status),
    ).toEqual(Array(DIAGNOSIS_CHECK_IDS.length - 1).fill('skipped'));
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const res = await request(server).get(`${base}/nope/diagnosis`);
    expect(res.status).toBe(404);
  });
});
