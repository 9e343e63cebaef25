import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import { startKubernetesStandin } from './__testUtils__/kubernetesStandin';
import { oneLineFailure } from './__testUtils__/oneLineFailure';
import { createApplyMonitoringAction } from './applyMonitoring';

const CHECKOUT = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-namespace': 'shop',
      'sightline.dev/slo-availability': '99.9',
    },
  },
  spec: { type: 'service', owner: 'group:default/team-shop' },
};

type Change = { kind: string; change: string };

function outputOf(ctx: { output: unknown }, name: string) {
  return (ctx.output as jest.Mock).mock.calls.find(([n]) => n === name)?.[1];
}

describe('observability:monitoring:apply (against the Kubernetes API stand-in)', () => {
  let standin: { url: string; stop: () => void };
  let action: ReturnType<typeof createApplyMonitoringAction>;
  let allow = true;
  const authorize = jest.fn(async () => [
    { result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY },
  ]);
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    allow = true;
    authorize.mockClear();
    logger.info.mockClear();
  });

  beforeAll(async () => {
    standin = await startKubernetesStandin();
    const clusters = readMonitoringClusters(
      new ConfigReader({
        observability: {
          clusters: [
            {
              name: 'local',
              kubernetes: {
                url: standin.url,
                token: 'unused',
                allowedNamespaces: ['shop'],
              },
              prometheusOperator: {
                monitorLabels: { prometheus: 'main' },
                runbookBaseUrl: 'https://runbooks.example.com',
              },
            },
            {
              // No labels configured: they come from the Prometheus resource.
              name: 'kps',
              kubernetes: {
                url: standin.url,
                token: 'unused',
                allowedNamespaces: ['shop'],
              },
              grafanaDashboards: {
                delivery: 'grafana-operator',
                instanceSelector: { dashboards: 'grafana' },
                folder: 'Shop',
              },
            },
            { name: 'no-api' },
          ],
          defaultCluster: 'local',
        },
      }),
    );
    action = createApplyMonitoringAction({
      catalog: catalogServiceMock({ entities: [CHECKOUT] }),
      clusters,
      permissions: mockServices.permissions.mock({ authorize }),
      logger,
    });
  });

  afterAll(() => standin.stop());

  type Input = Parameters<typeof action.handler>[0]['input'];
  const input = (given: Partial<Input>): Input => ({
    port: 'metrics',
    dryRun: true,
    force: false,
    ...given,
  });

  async function requests(): Promise<{ method: string; path: string }[]> {
    return (await fetch(`${standin.url}/__standin/requests`)).json();
  }

  async function stored(kind: string, name: string) {
    const res = await fetch(
      `${standin.url}/apis/monitoring.coreos.com/v1/namespaces/shop/${kind}/${name}`,
    );
    return res.status;
  }

  it('dry-runs by default and reports each object as created', async () => {
    const ctx = createMockActionContext({
      input: input({ entityRef: 'component:default/checkout' }),
    });
    await action.handler(ctx);
    expect(outputOf(ctx, 'dryRun')).toBe(true);
    const changes = outputOf(ctx, 'changes') as Change[];
    expect(changes.length).toBeGreaterThan(1);
    expect(new Set(changes.map(c => c.change))).toEqual(new Set(['created']));
    expect(await stored('servicemonitors', 'checkout')).toBe(404);
  });

  it.each([
    ['sightline.dev/slo-latency', 'fast please', /e\.g\. 99% < 300ms/],
    ['sightline.dev/slo-availability', 'high', /e\.g\. 99\.9$/],
  ])(
    'fails on %s "%s" with one line naming it and an example, no stack',
    async (annotation, value, example) => {
      const message = await oneLineFailure(
        action.handler(
          createMockActionContext({
            input: input({
              entityRef: 'component:default/checkout',
              annotations: { [annotation]: value },
            }),
          }),
        ),
      );
      expect(message).toContain(`annotation ${annotation}: "${value}" is not`);
      expect(message).toMatch(example);
    },
  );

  it('refuses a user without observability.monitoring.apply on the entity before generating or applying anything', async () => {
    allow = false;
    await fetch(`${standin.url}/__standin/requests`, { method: 'DELETE' });
    const ctx = createMockActionContext({
      input: input({ entityRef: 'component:default/checkout', dryRun: false }),
    });
    const error = await action.handler(ctx).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      `Applying monitoring of component:default/checkout to a cluster needs the observability.monitoring.apply permission on that entity, which ${
        mockCredentials.user().principal.userEntityRef
      } does not have`,
    );
    // Checked on the entity (a policy may grant it to its owners only),
    // with the credentials of the user who started the task.
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'observability.monitoring.apply',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/checkout',
        },
      ],
      { credentials: mockCredentials.user() },
    );
    expect(await requests()).toEqual([]);
    expect(await stored('servicemonitors', 'checkout')).toBe(404);
    expect(ctx.output).not.toHaveBeenCalled();
    expect(logger.info).not.toHaveBeenCalled();
  });

  it('applies inside a checkpoint, then is idempotent', async () => {
    const ctx = createMockActionContext({
      input: input({ entityRef: 'component:default/checkout', dryRun: false }),
    });
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await action.handler(ctx);
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'observability-monitoring-apply:local:component:default/checkout',
      }),
    );
    expect(outputOf(ctx, 'dryRun')).toBe(false);
    expect(await stored('servicemonitors', 'checkout')).toBe(200);
    expect(logger.info).toHaveBeenCalledWith(
      'Applied monitoring of component:default/checkout to cluster local',
      expect.objectContaining({
        user: mockCredentials.user().principal.userEntityRef,
        entityRef: 'component:default/checkout',
        cluster: 'local',
        dryRun: false,
        objects: expect.stringContaining(
          'ServiceMonitor shop/checkout: created',
        ),
      }),
    );
    const rule = await (
      await fetch(
        `${standin.url}/apis/monitoring.coreos.com/v1/namespaces/shop/prometheusrules/checkout`,
      )
    ).json();
    // The cluster's runbookBaseUrl reaches every alert.
    const alerts = rule.spec.groups
      .flatMap((g: { rules: { alert?: string }[] }) => g.rules)
      .filter((r: { alert?: string }) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.annotations.runbook_url).toBe(
        `https://runbooks.example.com/${alert.alert}`,
      );
    }

    const again = createMockActionContext({
      input: input({ entityRef: 'component:default/checkout', dryRun: false }),
    });
    const checkpointAgain = jest.spyOn(again, 'checkpoint');
    await action.handler(again);
    const changes = outputOf(again, 'changes') as Change[];
    expect(new Set(changes.map(c => c.change))).toEqual(new Set(['unchanged']));
    expect(checkpointAgain).not.toHaveBeenCalled();
  });

  it('never persists in a template dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: input({
          entity: {
            ...CHECKOUT,
            metadata: { ...CHECKOUT.metadata, name: 'payments' },
          },
          dryRun: false,
        }),
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('dryRun', true);
    expect(await stored('servicemonitors', 'payments')).toBe(404);
  });

  it('refuses a namespace outside the allow-list and a cluster without an API', async () => {
    const elsewhere = {
      ...CHECKOUT,
      metadata: {
        ...CHECKOUT.metadata,
        annotations: { 'backstage.io/kubernetes-namespace': 'kube-system' },
      },
    };
    await expect(
      action.handler(
        createMockActionContext({ input: input({ entity: elsewhere }) }),
      ),
    ).rejects.toThrow(
      "Cluster 'local' does not allow applying to namespace 'kube-system'",
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: input({ entity: CHECKOUT, cluster: 'no-api' }),
        }),
      ),
    ).rejects.toThrow("Cluster 'no-api' has no Kubernetes API configured");
  });

  it("labels rules and monitors for the cluster's Prometheus resource and delivers the dashboard as configured", async () => {
    await fetch(`${standin.url}/__standin/objects`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'Prometheus',
          metadata: { name: 'k8s', namespace: 'monitoring' },
          spec: {
            serviceMonitorSelector: {
              matchLabels: { release: 'kube-prometheus-stack' },
            },
            ruleSelector: { matchLabels: { role: 'alert-rules' } },
          },
        },
      ]),
    });
    const ctx = createMockActionContext({
      input: input({
        entityRef: 'component:default/checkout',
        cluster: 'kps',
        dryRun: false,
      }),
    });
    await action.handler(ctx);
    const read = async (path: string) =>
      (await fetch(`${standin.url}/apis/${path}`)).json();
    const monitor = await read(
      'monitoring.coreos.com/v1/namespaces/shop/servicemonitors/checkout',
    );
    const rule = await read(
      'monitoring.coreos.com/v1/namespaces/shop/prometheusrules/checkout',
    );
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(rule.metadata.labels.role).toBe('alert-rules');
    expect(rule.metadata.labels.release).toBeUndefined();
    const dashboard = await read(
      'grafana.integreatly.org/v1beta1/namespaces/shop/grafanadashboards/checkout',
    );
    expect(dashboard.spec).toMatchObject({
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      folder: 'Shop',
    });
  });
});
