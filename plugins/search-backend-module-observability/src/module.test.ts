import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import searchPlugin from '@backstage/plugin-search-backend';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
// The real backend plugin the collator talks to over HTTP; test-only.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import observabilityPlugin from '@sightline/plugin-observability-backend';
import { OBSERVABILITY_NOT_CONFIGURED_MESSAGE } from '@sightline/plugin-observability-common';
import { AddressInfo } from 'node:net';
import { ObservabilityCollatorFactory } from './collators/ObservabilityCollatorFactory';
import { searchModuleObservabilityCollator } from './module';

/** Monitored services: each would cost a request, and a warning, if asked. */
const ENTITIES = ['checkout', 'payments', 'kbot'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'sightline.dev/slo-availability': '99.9' },
  },
  spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
}));

describe('search module in a backend without an observability section', () => {
  it('starts, and a run indexes nothing with one warning', async () => {
    const backend = await startTestBackend({
      features: [
        searchPlugin,
        searchModuleObservabilityCollator,
        observabilityPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    try {
      const baseUrl = `http://127.0.0.1:${
        (backend.server.address() as AddressInfo).port
      }/api/observability`;
      const logger = mockServices.logger.mock();
      const factory = ObservabilityCollatorFactory.fromConfig(
        new ConfigReader({}),
        {
          auth: mockServices.auth(),
          catalog: catalogServiceMock({ entities: ENTITIES }),
          discovery: {
            getBaseUrl: async () => baseUrl,
            getExternalBaseUrl: async () => baseUrl,
          },
          logger,
        },
      );

      const { documents } = await TestPipeline.fromCollator(
        await factory.getCollator(),
      ).execute();

      expect(documents).toEqual([]);
      expect(logger.warn.mock.calls).toEqual([
        [
          `Indexed no observability documents: ${OBSERVABILITY_NOT_CONFIGURED_MESSAGE}`,
        ],
      ]);
    } finally {
      await backend.stop();
    }
  });
});
