import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import { oneLineFailure } from './__testUtils__/oneLineFailure';
import { createGenerateMonitoringAction } from './generateMonitoring';

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

const clusters = readMonitoringClusters(
  new ConfigReader({
    observability: {
      clusters: [
        {
          name: 'local',
          prometheusOperator: {
            ruleLabels: { release: 'kube-prometheus-stack' },
            monitorLabels: { prometheus: 'main' },
          },
        },
      ],
    },
  }),
);

describe('observability:monitoring:generate', () => {
  const workspace = createMockDirectory();
  const action = createGenerateMonitoringAction({
    catalog: catalogServiceMock({ entities: [CHECKOUT] }),
    clusters,
  });

  type Input = Parameters<typeof action.handler>[0]['input'];
  const input = (given: Partial<Input>): Input => ({
    port: 'metrics',
    targetPath: '.',
    ...given,
  });

  beforeEach(() => workspace.clear());

  it('writes the generated files for a catalog entity and lists them', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input({
        entityRef: 'component:default/checkout',
        port: 'metrics',
      }),
    });
    await action.handler(ctx);

    const files = workspace.content() as Record<string, any>;
    const written = Object.keys(files.monitoring).sort();
    expect(written).toContain('kustomization.yaml');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/checkout',
    );
    const listed = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'files',
    )![1] as string[];
    expect(listed.map(p => p.replace(/^monitoring\//, '')).sort()).toEqual(
      written,
    );
    const monitor = Object.entries(files.monitoring).find(([name]) =>
      /servicemonitor/i.test(name),
    )![1] as string;
    expect(monitor).toContain('prometheus: main');
    expect(monitor).toContain('port: metrics');
    expect(ctx.output).toHaveBeenCalledWith(
      'annotations',
      expect.objectContaining({ 'sightline.dev/slo-availability': '99.9' }),
    );
  });

  it('generates for an inline entity under targetPath', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input({
        entity: {
          ...CHECKOUT,
          metadata: { ...CHECKOUT.metadata, name: 'n8n' },
        },
        port: 'http',
        targetPath: 'deploy',
      }),
    });
    await action.handler(ctx);
    const listed = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'files',
    )![1] as string[];
    expect(listed.every(p => p.startsWith('deploy/monitoring/'))).toBe(true);
    expect(Object.keys(workspace.content() ?? {})).toEqual(['deploy']);
  });

  it('refuses invalid input before writing anything', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input({ entityRef: 'component:default/checkout', port: '8080' }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Cannot generate monitoring/,
    );
    expect(workspace.content()).toEqual({});
  });

  it.each([
    [
      'sightline.dev/slo-latency',
      'fast please',
      'not a latency objective; write "<percent>% < <threshold>" or "p<percentile> < <threshold>", e.g. 99% < 300ms or p95 < 1.5s',
    ],
    [
      'sightline.dev/slo-availability',
      'high',
      'not a percentage; write a number between 0 and 100, optionally followed by %, e.g. 99.9',
    ],
  ])(
    'fails on %s "%s" with one line naming it and an example, no stack',
    async (annotation, value, problem) => {
      const message = await oneLineFailure(
        action.handler(
          createMockActionContext({
            workspacePath: workspace.path,
            input: input({
              entityRef: 'component:default/checkout',
              annotations: { [annotation]: value },
            }),
          }),
        ),
      );
      expect(message).toBe(
        `Cannot generate monitoring: annotation ${annotation}: "${value}" is ${problem}`,
      );
      expect(workspace.content()).toEqual({});
    },
  );

  it('refuses an unknown entity and an unknown cluster', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: workspace.path,
          input: input({
            entityRef: 'component:default/nope',
            port: 'metrics',
          }),
        }),
      ),
    ).rejects.toThrow('No entity component:default/nope in the catalog');
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: workspace.path,
          input: input({ entity: CHECKOUT, cluster: 'prod', port: 'metrics' }),
        }),
      ),
    ).rejects.toThrow("Unknown cluster 'prod'; configured: local");
    expect(workspace.content()).toEqual({});
  });

  it("validates options with the generators' one schema: wrong types and identity fields are refused, naming them", async () => {
    // What the scaffolder validates a template's input against.
    const options = (action.schema?.input as any).properties.options;
    expect(options.additionalProperties).toBe(false);
    expect(options.properties.rules.properties.slothService.not).toEqual({});

    // Called directly (no scaffolder validation), the handler checks too.
    const refused = (given: Partial<Input>) =>
      action.handler(
        createMockActionContext({
          workspacePath: workspace.path,
          input: input({ entityRef: 'component:default/checkout', ...given }),
        }),
      );
    await expect(
      refused({ options: { directory: 5, monitor: { path: null } } as any }),
    ).rejects.toThrow(
      "Cannot generate monitoring:\n- 'options.monitor.path' expected string, received null\n- 'options.directory' expected string, received number",
    );
    await expect(
      refused({ options: { rules: { slothService: 'cart' } } as any }),
    ).rejects.toThrow(
      "'options.rules.slothService' cannot be set in options: sloth_service is always the entity's name",
    );
    expect(workspace.content()).toEqual({});
  });

  it("refuses annotations that would change a catalog entity's identity", async () => {
    const ctx = (annotations: Record<string, string>) =>
      createMockActionContext({
        workspacePath: workspace.path,
        input: input({ entityRef: 'component:default/checkout', annotations }),
      });
    await expect(
      action.handler(
        ctx({ 'sightline.dev/prometheus-selector': 'service="cart"' }),
      ),
    ).rejects.toThrow(
      "annotations.sightline.dev/prometheus-selector cannot change component:default/checkout's sightline.dev/prometheus-selector",
    );
    await expect(
      action.handler(ctx({ 'backstage.io/kubernetes-id': 'cart' })),
    ).rejects.toThrow('annotations.backstage.io/kubernetes-id cannot change');
    expect(workspace.content()).toEqual({});

    // The same value, or what the field is for (SLOs), is fine.
    await action.handler(
      ctx({
        'backstage.io/kubernetes-namespace': 'shop',
        'sightline.dev/slo-latency': '99% < 300ms',
      }),
    );
    expect(Object.keys(workspace.content() ?? {})).toEqual(['monitoring']);
  });

  it('writes nothing in a dry run', async () => {
    // createMockActionContext does not pass isDryRun through.
    const ctx = {
      ...createMockActionContext({
        workspacePath: workspace.path,
        input: input({ entity: CHECKOUT, port: 'metrics' }),
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(workspace.content()).toEqual({});
    expect(ctx.output).toHaveBeenCalledWith('files', expect.any(Array));
  });
});
