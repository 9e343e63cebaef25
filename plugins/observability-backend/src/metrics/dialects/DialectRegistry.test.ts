import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  MetricDialect,
  observabilityDialectsExtensionPoint,
} from '@sightline/plugin-observability-node';
import request from 'supertest';
import { DialectRegistry } from './DialectRegistry';
import { startObservabilityBackend } from '../../__testUtils__/localStackBackend';

const acmeDialect: MetricDialect = {
  id: 'acme-http',
  title: 'ACME framework',
  requestMetric: 'acme_requests_total',
  errorMatchers: ['outcome="failure"'],
  durationMetric: 'acme_latency_seconds',
  durationUnit: 'seconds',
};

const moduleAdding = (dialect: MetricDialect) =>
  createBackendModule({
    pluginId: 'observability',
    moduleId: `dialect-${dialect.id}`,
    register(env) {
      env.registerInit({
        deps: { dialects: observabilityDialectsExtensionPoint },
        async init({ dialects }) {
          dialects.addDialect(dialect);
        },
      });
    },
  });

/** The plugin with one cluster, and this module adding its dialect. */
const startWithModule = (module: ReturnType<typeof moduleAdding>) =>
  startObservabilityBackend({
    observability: {
      clusters: [{ name: 'local', prometheus: { url: 'http://127.0.0.1:1' } }],
    },
    features: [module],
  });

describe('metric dialects extension point', () => {
  it('serves the dialects a module adds after the built-ins', async () => {
    const { server } = await startWithModule(moduleAdding(acmeDialect));
    const res = await request(server).get('/api/observability/dialects');

    expect(res.status).toBe(200);
    expect(res.body.defaultDialect).toBe('auto');
    const ids = res.body.dialects.map((d: { id: string }) => d.id);
    expect(ids.slice(0, 2)).toEqual(['prometheus-http', 'otel-http']);
    expect(ids[ids.length - 1]).toBe('acme-http');
  });

  it('fails start-up when a module redefines a built-in dialect', async () => {
    await expect(
      startWithModule(moduleAdding({ ...acmeDialect, id: 'istio' })),
    ).rejects.toThrow("Metric dialect 'istio' is already defined");
  });
});

describe('DialectRegistry', () => {
  it('refuses a dialect whose matchers do not parse', () => {
    expect(() =>
      new DialectRegistry().add({
        ...acmeDialect,
        errorMatchers: ['outcome=failure'],
      }),
    ).toThrow(
      "Metric dialect 'acme-http' is invalid: it is not a plain list of label matchers",
    );
  });

  it('refuses a dialect with an invalid metric name', () => {
    expect(() =>
      new DialectRegistry().add({
        ...acmeDialect,
        requestMetric: 'acme-requests',
      }),
    ).toThrow("'acme-requests' is not a metric name");
  });
});
