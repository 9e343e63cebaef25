/**
 * The monitoring preview and apply routes through the whole backend plugin
 * (startTestBackend), against the Kubernetes API stand-in of the e2e stack
 * (e2e/standins/kubernetes.mjs; an API server cannot run here).
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import request from 'supertest';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(60_000);

const STANDIN = path.resolve(
  __dirname,
  '../../../../e2e/standins/kubernetes.mjs',
);

const entity = (name: string, namespace = 'shop') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': namespace,
      'sightline.dev/slo-availability': '99.9',
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
});

describe('monitoring preview and apply routes', () => {
  let standin: ChildProcess;
  let server: Parameters<typeof request>[0];
  let standinUrl: string;
  let allow = true;
  /** What the routes asked the permission framework. */
  const authorized: { permission: { name: string }; resourceRef?: string }[] =
    [];
  const logger = mockServices.logger.mock();
  const base = '/api/observability/entities/component/default';

  beforeAll(async () => {
    standin = spawn(
      process.execPath,
      [STANDIN, '--port', '0', '--token', 'k8s-token'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const url = (standinUrl = await new Promise<string>((resolve, reject) => {
      standin.once('error', reject);
      createInterface({ input: standin.stdout! }).once('line', line =>
        resolve(JSON.parse(line).url),
      );
    }));
    ({ server } = await startObservabilityBackend({
      observability: {
        defaultCluster: 'local',
        clusters: [
          {
            name: 'local',
            kubernetes: {
              url,
              token: 'k8s-token',
              allowedNamespaces: ['shop'],
            },
            prometheusOperator: {
              monitorLabels: { prometheus: 'main' },
            },
          },
          {
            // No labels: they come from the Prometheus resource.
            name: 'kps',
            kubernetes: {
              url,
              token: 'k8s-token',
              allowedNamespaces: ['shop'],
            },
            prometheusOperator: {
              runbookBaseUrl: 'https://runbooks.example.com/kps/',
            },
            grafanaDashboards: {
              delivery: 'grafana-operator',
              namespace: 'grafana',
              instanceSelector: { dashboards: 'grafana' },
              folder: 'Shop',
              allowCrossNamespaceImport: true,
            },
          },
        ],
      },
      entities: [
        entity('checkout'),
        entity('sneaky', 'kube-system'),
        {
          ...entity('cart'),
          metadata: {
            ...entity('cart').metadata,
            annotations: {
              ...entity('cart').metadata.annotations,
              'sightline.dev/cluster': 'kps',
            },
          },
        },
      ],
      features: [
        logger.factory,
        mockServices.permissions.mock({
          authorize: async requests => {
            authorized.push(...requests);
            return requests.map(() => ({
              result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            }));
          },
        }).factory,
      ],
    }));
  });

  afterAll(() => standin?.kill());

  beforeEach(() => {
    allow = true;
    authorized.length = 0;
  });

  it('previews the manifests and what applying would create', async () => {
    const res = await request(server)
      .post(`${base}/checkout/monitoring/preview`)
      .send({ port: 'metrics' });
    expect(res.status).toBe(200);
    expect(res.body.cluster).toBe('local');
    expect(res.body.files.length).toBeGreaterThan(0);
    expect(res.body.objects).toContainEqual(
      expect.objectContaining({ kind: 'ServiceMonitor', namespace: 'shop' }),
    );
    expect(
      new Set(res.body.diff.map((o: { change: string }) => o.change)),
    ).toEqual(new Set(['created']));
  });

  it('refuses apply without observability.monitoring.apply on the entity', async () => {
    allow = false;
    const res = await request(server)
      .post(`${base}/checkout/monitoring/apply`)
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Applying monitoring of component:default/checkout to a cluster needs the observability.monitoring.apply permission on that entity',
    );
    // Asked about this entity, so that a policy can decide by its owner
    // (the permission backend applies the catalog's conditions to it).
    expect(authorized).toEqual([
      {
        permission: expect.objectContaining({
          name: 'observability.monitoring.apply',
          resourceType: 'catalog-entity',
        }),
        resourceRef: 'component:default/checkout',
      },
    ]);
  });

  it('answers every wrongly typed option with a 400 naming it, before generating', async () => {
    // The bodies of issue 13, each a 500 with a TypeError before.
    const cases: [object, string][] = [
      [
        { directory: 5 },
        "'options.directory' expected string, received number",
      ],
      [{ monitor: { path: 1 } }, "'options.monitor.path' expected string"],
      [
        { monitor: { interval: 30 } },
        "'options.monitor.interval' expected string",
      ],
      [
        { monitor: { namespace: null } },
        "'options.monitor.namespace' expected string, received null",
      ],
      [
        { rules: { runbookBaseUrl: 5 } },
        "'options.rules.runbookBaseUrl' expected string",
      ],
      [
        { rules: { interval: [] } },
        "'options.rules.interval' expected string, received array",
      ],
      [
        { monitor: { selectorLabel: 5 } },
        "'options.monitor.selectorLabel' cannot be set in options",
      ],
      [
        { rules: { slothService: 5 } },
        "'options.rules.slothService' cannot be set in options",
      ],
    ];
    for (const [options, message] of cases) {
      for (const route of ['preview', 'apply']) {
        const res = await request(server)
          .post(`${base}/checkout/monitoring/${route}`)
          .send({ options });
        expect({ route, options, status: res.status }).toEqual({
          route,
          options,
          status: 400,
        });
        expect(res.body.error.message).toContain(message);
      }
    }
  });

  it("refuses options that would label checkout's rules as another service", async () => {
    const spoof = await request(server)
      .post(`${base}/checkout/monitoring/apply`)
      .send({ options: { rules: { slothService: 'cart' } }, dryRun: false });
    expect(spoof.status).toBe(400);
    expect(spoof.body.error.message).toContain(
      "'options.rules.slothService' cannot be set in options: sloth_service is always the entity's name",
    );
    const labelled = await request(server)
      .post(`${base}/checkout/monitoring/preview`)
      .send({
        options: {
          prometheusOperator: {
            ruleLabels: { 'sightline.dev/entity': 'component.default.cart' },
          },
        },
      });
    expect(labelled.status).toBe(400);
    expect(labelled.body.error.message).toContain(
      'prometheusOperator.ruleLabels: "sightline.dev/entity" cannot be set',
    );

    const own = await request(server)
      .post(`${base}/checkout/monitoring/preview`)
      .send({ options: { rules: { interval: '1m' } } });
    expect(own.status).toBe(200);
    const rule = own.body.files.find((f: { path: string }) =>
      f.path.endsWith('prometheusrule.yaml'),
    ).content as string;
    expect(rule).toContain('sloth_service: checkout');
    expect(rule).toContain('sightline.dev/entity: component.default.checkout');
    expect(rule).not.toMatch(/sloth_service: (?!checkout\b)/);
  });

  it('dry-runs apply unless the body says dryRun: false', async () => {
    const res = await request(server)
      .post(`${base}/checkout/monitoring/apply`)
      .send({ port: 'metrics' });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(
      new Set(res.body.objects.map((o: { change: string }) => o.change)),
    ).toEqual(new Set(['created']));
    const stored = await fetch(
      `${standinUrl}/apis/monitoring.coreos.com/v1/namespaces/shop/servicemonitors/checkout`,
      { headers: { authorization: 'Bearer k8s-token' } },
    );
    expect(stored.status).toBe(404);
    expect(logger.info).toHaveBeenCalledWith(
      'Dry-run applied monitoring of component:default/checkout to cluster local',
      expect.objectContaining({ dryRun: true }),
    );
  });

  it('applies, logs who applied what, and previews no change afterwards', async () => {
    const res = await request(server)
      .post(`${base}/checkout/monitoring/apply`)
      .send({ port: 'metrics', dryRun: false });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(false);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'Applied monitoring of component:default/checkout to cluster local',
      ),
      expect.objectContaining({
        user: mockCredentials.user().principal.userEntityRef,
        entityRef: 'component:default/checkout',
        cluster: 'local',
        objects: expect.stringContaining(
          'ServiceMonitor shop/checkout: created',
        ),
      }),
    );

    const preview = await request(server)
      .post(`${base}/checkout/monitoring/preview`)
      .send({ port: 'metrics' });
    expect(
      new Set(preview.body.diff.map((o: { change: string }) => o.change)),
    ).toEqual(new Set(['unchanged']));
  });

  it('refuses namespaces outside the allow-list and unknown body fields', async () => {
    const sneaky = await request(server)
      .post(`${base}/sneaky/monitoring/apply`)
      .send({});
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.message).toContain(
      "does not allow applying to namespace 'kube-system'",
    );
    const extra = await request(server)
      .post(`${base}/checkout/monitoring/preview`)
      .send({ promql: 'up' });
    expect(extra.status).toBe(400);
  });

  it("labels the monitor and rules for the cluster's Prometheus resource when config names no labels", async () => {
    const load = (objects: object[]) =>
      fetch(`${standinUrl}/__standin/objects`, {
        method: 'PUT',
        headers: { authorization: 'Bearer k8s-token' },
        body: JSON.stringify(objects),
      });
    const file = async (kind: string, options?: object) => {
      const res = await request(server)
        .post(`${base}/cart/monitoring/preview`)
        .send({ port: 'metrics', ...(options ? { options } : {}) });
      expect(res.status).toBe(200);
      return res.body.files
        .map((f: { content: string }) => f.content)
        .find((c: string) => c.includes(`kind: ${kind}`)) as string;
    };
    const monitorFile = () => file('ServiceMonitor');

    await load([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: {
          name: 'kube-prometheus-stack-prometheus',
          namespace: 'monitoring',
        },
        spec: {
          serviceMonitorSelector: {
            matchLabels: { release: 'kube-prometheus-stack' },
          },
          podMonitorSelector: { matchLabels: { release: 'kps-pods' } },
          ruleSelector: { matchLabels: { role: 'alert-rules' } },
        },
      },
    ]);
    expect(await monitorFile()).toContain('release: kube-prometheus-stack');
    expect(await file('PrometheusRule')).toContain('role: alert-rules');
    expect(
      await file('PodMonitor', { monitor: { kind: 'PodMonitor' } }),
    ).toContain('release: kps-pods');
    // The request's options win over the Prometheus resource.
    const explicit = await file('PrometheusRule', {
      prometheusOperator: { ruleLabels: { team: 'shop' } },
    });
    expect(explicit).toContain('team: shop');
    expect(explicit).not.toContain('role: alert-rules');

    await load([]);
    expect(await monitorFile()).not.toContain('release:');
    expect(await file('PrometheusRule')).not.toContain('role:');
  });

  it("uses the cluster's runbook base URL and dashboard delivery", async () => {
    const res = await request(server)
      .post(`${base}/cart/monitoring/preview`)
      .send({ port: 'metrics' });
    expect(res.status).toBe(200);
    const content = (kind: string) =>
      res.body.files
        .map((f: { content: string }) => f.content)
        .find((c: string) => c.includes(`kind: ${kind}`)) as string;
    expect(content('PrometheusRule')).toMatch(
      /runbook_url: https:\/\/runbooks\.example\.com\/kps\/[A-Z]/,
    );
    expect(res.body.objects).toContainEqual(
      expect.objectContaining({
        apiVersion: 'grafana.integreatly.org/v1beta1',
        kind: 'GrafanaDashboard',
        namespace: 'grafana',
      }),
    );
    expect(content('GrafanaDashboard')).toContain('folder: Shop');
    expect(content('GrafanaDashboard')).toContain('dashboards: grafana');
    const configMap = await request(server)
      .post(`${base}/cart/monitoring/preview`)
      .send({
        port: 'metrics',
        options: { dashboard: { delivery: { type: 'configmap' } } },
      });
    expect(
      configMap.body.objects.map((o: { kind: string }) => o.kind),
    ).toContain('ConfigMap');
  });
});
