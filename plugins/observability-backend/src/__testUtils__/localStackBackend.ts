import { BackendFeature, ServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { observabilityPlugin } from '../plugin';
import { LocalStack } from './localStack';

/** How a test starts the observability plugin in a test backend. */
export interface ObservabilityBackendOptions {
  /** The `observability` section of app-config; none when left out. */
  observability?: JsonObject;
  /** The mock catalog's entities; none when left out. */
  entities?: Entity[];
  /** A catalog of the test's own, in place of the one holding `entities`. */
  catalog?: ServiceFactory;
  /** Mock services and modules to install too (permissions, logger…). */
  features?: BackendFeature[];
  /** Further app-config besides `observability` (e.g. `backend.actions`). */
  config?: JsonObject;
}

/**
 * The observability plugin in a test backend: the one way the tests start
 * it, with a mock catalog and the app-config they give.
 */
export function startObservabilityBackend(
  options: ObservabilityBackendOptions,
): Promise<TestBackend> {
  const { observability, entities = [], features = [] } = options;
  return startTestBackend({
    features: [
      observabilityPlugin,
      options.catalog ?? catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          ...(observability ? { observability } : {}),
        },
      }),
      ...features,
    ],
  });
}

/**
 * The observability plugin with these entities in a mock catalog and one
 * cluster `local` whose Prometheus is the local stack's (plus `cluster`),
 * followed by `otherClusters` (entities pick them with sightline.dev/cluster).
 */
export async function startStackBackend(
  stack: LocalStack,
  entities: Entity[],
  cluster: JsonObject = {},
  otherClusters: JsonObject[] = [],
) {
  const { server } = await startObservabilityBackend({
    entities,
    observability: {
      defaultCluster: 'local',
      clusters: [
        {
          name: 'local',
          prometheus: { url: stack.urls.prometheus },
          ...cluster,
        },
        ...otherClusters,
      ],
    },
  });
  return server;
}

/** An instant query straight to the stack's Prometheus. */
export async function stackQuery(
  stack: LocalStack,
  query: string,
  timeS?: number,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(new URL('/api/v1/query', stack.urls.prometheus), {
    method: 'POST',
    body: new URLSearchParams({
      query,
      ...(timeS === undefined ? {} : { time: String(timeS) }),
    }),
  });
  if (!res.ok) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { data: { result: any[] } };
  return body.data.result;
}

/**
 * Writes rule groups into the stack's rules directory, reloads Prometheus
 * and waits until `ready` (a PromQL query) has a result; returns the
 * function that removes them again.
 */
export async function loadStackRules(
  stack: LocalStack & { stateDir: string },
  name: string,
  groups: unknown[],
  ready: string,
): Promise<() => Promise<void>> {
  const file = join(stack.stateDir, 'rules', `${name}.yml`);
  const reload = () =>
    fetch(new URL('/-/reload', stack.urls.prometheus), { method: 'POST' });
  await writeFile(file, stringify({ groups }));
  await reload();
  const deadline = Date.now() + 60_000;
  while ((await stackQuery(stack, ready)).length === 0) {
    if (Date.now() > deadline)
      throw new Error(`${name}: rules never evaluated`);
    await new Promise(r => setTimeout(r, 1000));
  }
  return async () => {
    await rm(file, { force: true });
    await reload();
  };
}
