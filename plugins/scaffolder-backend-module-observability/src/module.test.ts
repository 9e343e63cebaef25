import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { AddressInfo } from 'node:net';
import { OBSERVABILITY_ACTION_IDS } from './actions';
import { scaffolderModuleObservability } from './module';

describe('scaffolder module in a backend without an observability section', () => {
  it('starts and registers its actions', async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleObservability,
        mockServices.rootConfig.factory({ data: {} }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    try {
      const { port } = backend.server.address() as AddressInfo;
      const res = await fetch(
        `http://127.0.0.1:${port}/api/scaffolder/v2/actions`,
      );
      expect(res.status).toBe(200);
      const actions = await res.json();
      expect(actions.map((action: { id: string }) => action.id)).toEqual(
        expect.arrayContaining([...OBSERVABILITY_ACTION_IDS]),
      );
    } finally {
      await backend.stop();
    }
  });
});
