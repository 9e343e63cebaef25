import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import { startKubernetesStandin } from './__testUtils__/kubernetesStandin';
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
              prometheusOperator: { monitorLabels: { prometheus: 'main' } },
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
});
