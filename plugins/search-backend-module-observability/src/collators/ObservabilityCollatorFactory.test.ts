import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import { ObservabilityCollatorFactory } from './ObservabilityCollatorFactory';

const component = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'group:default/team-shop' },
});

describe('ObservabilityCollatorFactory', () => {
  it('indexes annotated Components across catalog pages, with authorization', async () => {
    const entities = [
      component('checkout', {
        'backstage.io/kubernetes-id': 'checkout',
        'sightline.dev/slo-availability': '99.9',
        'sightline.dev/slo-latency': '99% < 300ms',
        'sightline.dev/grafana-dashboards': 'checkout-red, tag:shop',
      }),
      component('unmonitored'),
      ...Array.from({ length: 5 }, (_, i) =>
        component(`svc-${i}`, { 'backstage.io/kubernetes-id': `svc-${i}` }),
      ),
    ];
    const factory = ObservabilityCollatorFactory.fromConfig(
      new ConfigReader({
        search: { collators: { observability: { batchSize: 2 } } },
      }),
      { auth: mockServices.auth(), catalog: catalogServiceMock({ entities }) },
    );

    const { documents } = await TestPipeline.fromCollator(
      await factory.getCollator(),
    ).execute();

    expect(documents.map(d => (d as any).entityRef).sort()).toEqual(
      [
        'component:default/checkout',
        ...Array.from({ length: 5 }, (_, i) => `component:default/svc-${i}`),
      ].sort(),
    );
    const checkout = documents.find(
      d => (d as any).entityRef === 'component:default/checkout',
    )!;
    expect(checkout).toMatchObject({
      location: '/catalog/default/component/checkout/observability',
      owner: 'group:default/team-shop',
      slos: ['availability 99.9%', 'latency 99% < 300ms'],
      dashboards: ['checkout-red', 'tag:shop'],
      authorization: { resourceRef: 'component:default/checkout' },
    });
    expect(checkout.text).toContain(
      'SLOs: availability 99.9%; latency 99% < 300ms.',
    );
    expect(factory.type).toBe('observability');
    expect(factory.visibilityPermission?.name).toBe('catalog.entity.read');
  });
});
