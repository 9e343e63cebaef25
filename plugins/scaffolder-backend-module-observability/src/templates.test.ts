import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { OBSERVABILITY_ACTION_IDS, observabilityActions } from './actions';

// The example app's software templates (examples/templates/), which the
// example backend registers through app-config.yaml's catalog locations.
const TEMPLATES = path.resolve(__dirname, '../../../examples/templates');
const APP_CONFIG = path.resolve(__dirname, '../../../app-config.yaml');

// Built-in actions of @backstage/plugin-scaffolder-backend 4.2 (the ids in
// its dist): the templates may use these besides this module's.
const BUILTIN_ACTION_IDS = [
  'catalog:fetch',
  'catalog:register',
  'catalog:write',
  'debug:log',
  'debug:wait',
  'fetch:plain',
  'fetch:plain:file',
  'fetch:template',
  'fetch:template:file',
  'fs:delete',
  'fs:readdir',
  'fs:rename',
];

type Template = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { steps: { id: string; action: string; input?: unknown }[] };
};

describe('example software templates', () => {
  const registered = observabilityActions({
    catalog: catalogServiceMock(),
    clusters: readMonitoringClusters(new ConfigReader({})),
    permissions: mockServices.permissions(),
    logger: mockServices.logger.mock(),
  }).map(a => a.id);

  it('registers exactly the action ids the module declares', () => {
    expect([...registered].sort()).toEqual(
      [...OBSERVABILITY_ACTION_IDS].sort(),
    );
  });

  it.each(['add-monitoring.yaml', 'new-service-with-monitoring.yaml'])(
    '%s only uses registered actions and is in the catalog locations',
    async file => {
      const template = parse(
        await fs.readFile(path.join(TEMPLATES, file), 'utf8'),
      ) as Template;
      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      expect(template.kind).toBe('Template');
      const known = new Set([...registered, ...BUILTIN_ACTION_IDS]);
      const unknown = template.spec.steps
        .map(step => step.action)
        .filter(id => !known.has(id));
      expect(unknown).toEqual([]);
      const ids = template.spec.steps.map(step => step.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(template.spec.steps.map(s => s.action)).toEqual(
        expect.arrayContaining([
          'observability:monitoring:generate',
          'observability:catalog:annotate',
          'observability:workspace:publish',
        ]),
      );

      const appConfig = parse(await fs.readFile(APP_CONFIG, 'utf8'));
      expect(appConfig.catalog.locations).toContainEqual(
        expect.objectContaining({
          type: 'file',
          target: `../../examples/templates/${file}`,
        }),
      );
    },
  );
});
