/**
 * Search indexing: a synthetic catalog of Components indexed by Sightline's
 * observability collator vs the stock catalog collator
 * (DefaultCatalogCollatorFactory), in the same run, each in its own child
 * process so that peak memory is the collator's own.
 *
 * The observability collator reads every entity's SLOs, alerts and dashboards
 * from a real observability backend (started here) against the real local
 * Prometheus and Alertmanager and the Grafana stand-in; the entities are
 * spread round-robin over the demo services (checkout, payments, kbot).
 *
 *   yarn tsx bench/search-index.ts [--entities=10000] [--concurrency=4]
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { observabilityPlugin } from '../plugins/observability-backend/src/plugin';
import { ObservabilityCollatorFactory } from '../plugins/search-backend-module-observability/src';
import { ALERTMANAGER, flag, PROMETHEUS, ratio, run } from './lib';

const ENTITIES = flag('entities', 10_000);
const CONCURRENCY = flag('concurrency', 4);
const GRAFANA = process.env.GRAFANA_URL ?? 'http://127.0.0.1:3030';
const SAMPLE_EVERY_MS = 20;

/**
 * The stock collator exactly as @backstage/plugin-search-backend-module-catalog
 * registers it; the package exports only its module, so it is loaded from
 * the package's own build.
 */
const { DefaultCatalogCollatorFactory } =
  require('@backstage/plugin-search-backend-module-catalog/dist/collators/DefaultCatalogCollatorFactory.cjs.js') as {
    DefaultCatalogCollatorFactory: {
      fromConfig(
        config: ConfigReader,
        options: {
          auth: ReturnType<typeof mockServices.auth>;
          catalog: ReturnType<typeof catalogServiceMock>;
        },
      ): DocumentCollatorFactory;
    };
  };

/** Annotations of the demo services, as examples/entities/shop.yaml has them. */
const DEMO_SERVICES: Record<string, Record<string, string>> = {
  checkout: {
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
  },
  payments: {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/slo-availability': '99.5',
  },
  kbot: {
    'sightline.dev/metrics-dialect': 'custom',
    'sightline.dev/request-metric': 'kbot_messages_total',
    'sightline.dev/error-matcher': 'status="error"',
    'sightline.dev/duration-metric': 'kbot_message_processing_duration_seconds',
    'sightline.dev/slo-availability': '99',
  },
};

function syntheticCatalog(count: number): Entity[] {
  const services = Object.keys(DEMO_SERVICES);
  return Array.from({ length: count }, (_, i) => {
    const service = services[i % services.length];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${String(i).padStart(5, '0')}`,
        namespace: 'default',
        description: `Synthetic service ${i}, measured like ${service}.`,
        annotations: {
          'backstage.io/kubernetes-id': service,
          'backstage.io/kubernetes-namespace': 'shop',
          'sightline.dev/grafana-dashboards': `tag:${service}`,
          ...DEMO_SERVICES[service],
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${i % 50}`,
      },
    };
  });
}

interface Measurement {
  documents: number;
  ms: number;
  /** Peak resident set size during the run, MiB. */
  peakRssMiB: number;
  /** Peak JS heap in use during the run (the catalog included, as for both), MiB. */
  peakHeapMiB: number;
}

const MiB = 1024 * 1024;

/** Consumes a collator's stream, sampling memory while it runs. */
async function measure(collator: Readable): Promise<Measurement> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  const start = performance.now();
  let documents = 0;
  for await (const _document of collator) documents++;
  const ms = performance.now() - start;
  clearInterval(sampler);
  sample();
  return {
    documents,
    ms,
    peakRssMiB: peakRss / MiB,
    peakHeapMiB: peakHeap / MiB,
  };
}

/** Child process: index the catalog with one collator and print the measurement. */
async function child(which: string, backendUrl: string) {
  const catalog = catalogServiceMock({ entities: syntheticCatalog(ENTITIES) });
  const auth = mockServices.auth();
  const config = new ConfigReader({
    search: { collators: { observability: { concurrency: CONCURRENCY } } },
  });
  const factory: DocumentCollatorFactory =
    which === 'stock'
      ? DefaultCatalogCollatorFactory.fromConfig(config, { auth, catalog })
      : ObservabilityCollatorFactory.fromConfig(config, {
          auth,
          catalog,
          discovery: {
            getBaseUrl: async () => `${backendUrl}/api/observability`,
            getExternalBaseUrl: async () => `${backendUrl}/api/observability`,
          },
          logger: mockServices.rootLogger({ level: 'warn' }),
        });
  const result = await measure(await factory.getCollator());
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function runChild(which: string, backendUrl: string) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1],
      `--child=${which}`,
      `--backend=${backendUrl}`,
      `--entities=${ENTITIES}`,
      `--concurrency=${CONCURRENCY}`,
    ],
    { maxBuffer: 10 * MiB },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measurement;
}

async function main() {
  const backend = await startTestBackend({
    features: [
      observabilityPlugin,
      catalogServiceMock.factory({ entities: syntheticCatalog(ENTITIES) }),
      mockServices.rootConfig.factory({
        data: {
          observability: {
            clusters: [
              {
                name: 'local',
                prometheus: { url: PROMETHEUS },
                alertmanager: { url: ALERTMANAGER },
                grafana: { url: GRAFANA },
              },
            ],
          },
        },
      }),
    ],
  });
  const backendUrl = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;
  try {
    console.log(
      `Indexing ${ENTITIES} Components (observability collator concurrency ${CONCURRENCY})`,
    );
    const stock = await runChild('stock', backendUrl);
    const observability = await runChild('observability', backendUrl);
    const row = (name: string, m: Measurement) =>
      `${name.padEnd(26)} ${String(m.documents).padStart(9)} ${`${(
        m.ms / 1000
      ).toFixed(2)} s`.padStart(10)} ${`${((m.documents / m.ms) * 1000).toFixed(
        0,
      )}/s`.padStart(9)} ${`${m.peakRssMiB.toFixed(0)} MiB`.padStart(
        14,
      )} ${`${m.peakHeapMiB.toFixed(0)} MiB`.padStart(16)}`;
    console.log(
      `${'collator'.padEnd(26)} ${'documents'.padStart(9)} ${'time'.padStart(
        10,
      )} ${'rate'.padStart(9)} ${'peak RSS'.padStart(
        14,
      )} ${'peak heap'.padStart(16)}`,
    );
    console.log(row('stock catalog (baseline)', stock));
    console.log(row('observability', observability));
    console.log(
      `observability / stock: time ${ratio(
        observability.ms,
        stock.ms,
      )}, peak RSS ${ratio(
        observability.peakRssMiB,
        stock.peakRssMiB,
      )}, peak heap ${ratio(observability.peakHeapMiB, stock.peakHeapMiB)}`,
    );
    if (observability.documents !== ENTITIES) {
      throw new Error(
        `The observability collator indexed ${observability.documents} of ${ENTITIES} entities`,
      );
    }
  } finally {
    await backend.stop();
  }
}

const childArg = process.argv.find(a => a.startsWith('--child='));
const backendArg = process.argv.find(a => a.startsWith('--backend='));
run(() =>
  childArg
    ? child(
        childArg.slice('--child='.length),
        backendArg!.slice('--backend='.length),
      )
    : main(),
);
