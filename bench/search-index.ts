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
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AddressInfo } from 'node:net';
import { observabilityPlugin } from '../plugins/observability-backend/src/plugin';
import {
  collateAndPrint,
  collateInChild,
  CollatorMeasurement,
} from './collatorRun';
import { ALERTMANAGER, flag, PROMETHEUS, ratio, run } from './lib';

const ENTITIES = flag('entities', 10_000);
const CONCURRENCY = flag('concurrency', 4);
const GRAFANA = process.env.GRAFANA_URL ?? 'http://127.0.0.1:3030';

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
    const stock = await collateInChild('stock', backendUrl, childArgs);
    const observability = await collateInChild(
      'observability',
      backendUrl,
      childArgs,
    );
    const row = (name: string, m: CollatorMeasurement) =>
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
/** What the child needs to build the same catalog and collator. */
const childArgs = [`--entities=${ENTITIES}`, `--concurrency=${CONCURRENCY}`];
run(() =>
  childArg
    ? collateAndPrint({
        which: childArg.slice('--child='.length),
        entities: syntheticCatalog(ENTITIES),
        backendUrl: backendArg!.slice('--backend='.length),
        concurrency: CONCURRENCY,
      })
    : main(),
);
