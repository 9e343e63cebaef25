import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { promises as fs } from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { scaffolderModuleObservability } from './module';

const KBOT = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'kbot',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'demo' },
  },
  spec: { type: 'service', owner: 'group:default/bot-team' },
};

type LogEvent = {
  type: string;
  body: { message: string; stepId?: string; status?: string };
};

// The example app's "Add monitoring" template, run by the real scaffolder:
// what its task log shows when an objective slips past the form (a template
// without the form's fields, an API caller).
describe('"Add monitoring" run by the scaffolder with a malformed SLO', () => {
  it.each([
    ['latency', 'fast please', 'sightline.dev/slo-latency'],
    ['availability', 'high', 'sightline.dev/slo-availability'],
  ])(
    'fails the generate step with one line in the task log for %s "%s"',
    async (parameter, value, annotation) => {
      const template = parse(
        await fs.readFile(
          path.resolve(
            __dirname,
            '../../../examples/templates/add-monitoring.yaml',
          ),
          'utf8',
        ),
      );
      const backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleObservability,
          mockServices.rootConfig.factory({ data: {} }),
          catalogServiceMock.factory({ entities: [template, KBOT] }),
        ],
      });
      try {
        const { port } = backend.server.address() as AddressInfo;
        const api = `http://127.0.0.1:${port}/api/scaffolder/v2`;
        const headers = {
          Authorization: mockCredentials.user.header(),
          'Content-Type': 'application/json',
        };
        const created = await fetch(`${api}/tasks`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            templateRef: 'template:default/add-monitoring',
            values: {
              entity: 'component:default/kbot',
              port: 'http',
              availability: '99.9',
              [parameter]: value,
            },
          }),
        });
        expect(created.status).toBe(201);
        const { id } = await created.json();

        let status = 'open';
        for (
          let i = 0;
          i < 100 && !['failed', 'completed'].includes(status);
          i++
        ) {
          await new Promise(resolve => setTimeout(resolve, 100));
          status = (
            await (await fetch(`${api}/tasks/${id}`, { headers })).json()
          ).status;
        }
        expect(status).toBe('failed');

        const events: LogEvent[] = await (
          await fetch(`${api}/tasks/${id}/events`, { headers })
        ).json();
        const failed = events.filter(
          e => e.body.stepId === 'generate' && e.body.status === 'failed',
        );
        expect(failed).toHaveLength(1);
        const [line] = failed.map(e => e.body.message);
        expect(line).not.toContain('\n');
        expect(line).toMatch(
          new RegExp(
            `^Cannot generate monitoring: annotation ${annotation}: "${value}" is not .*, e\\.g\\. `,
          ),
        );
        expect(events.map(e => e.body.message).join('\n')).not.toMatch(
          /^\s+at /m,
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
