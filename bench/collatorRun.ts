/*
 * One search collator over a synthetic catalog, in a process of its own so
 * that its peak memory is its own: the stock catalog collator is the
 * baseline, Sightline's collator the subject (search-index.ts, fleet.ts).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { ObservabilityCollatorFactory } from '../plugins/search-backend-module-observability/src';

export type CollatorKind = 'stock' | 'observability';

export interface CollatorMeasurement {
  documents: number;
  ms: number;
  /** Peak resident set size during the run, MiB. */
  peakRssMiB: number;
  /** Peak JS heap in use during the run (the catalog included, as for both), MiB. */
  peakHeapMiB: number;
}

const MiB = 1024 * 1024;
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

/** Consumes a collator's stream, sampling memory while it runs. */
async function measure(collator: Readable): Promise<CollatorMeasurement> {
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

/**
 * In the child process: indexes `entities` with one collator, reading
 * Sightline's data from the backend at `backendUrl`, and prints the
 * measurement as the last line of stdout.
 */
export async function collateAndPrint(options: {
  which: string;
  entities: Entity[];
  backendUrl: string;
  concurrency: number;
}) {
  const catalog = catalogServiceMock({ entities: options.entities });
  const auth = mockServices.auth();
  const config = new ConfigReader({
    search: {
      collators: { observability: { concurrency: options.concurrency } },
    },
  });
  const api = `${options.backendUrl}/api/observability`;
  const factory: DocumentCollatorFactory =
    options.which === 'stock'
      ? DefaultCatalogCollatorFactory.fromConfig(config, { auth, catalog })
      : ObservabilityCollatorFactory.fromConfig(config, {
          auth,
          catalog,
          discovery: {
            getBaseUrl: async () => api,
            getExternalBaseUrl: async () => api,
          },
          logger: mockServices.rootLogger({ level: 'error' }),
        });
  const result = await measure((await factory.getCollator()) as Readable);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * In the parent: runs this same script as a child with `--child=<which>`
 * and `--backend=<url>` plus `args`, and reads its measurement.
 */
export async function collateInChild(
  which: CollatorKind,
  backendUrl: string,
  args: string[],
): Promise<CollatorMeasurement> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1],
      `--child=${which}`,
      `--backend=${backendUrl}`,
      ...args,
    ],
    { maxBuffer: 10 * MiB },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as CollatorMeasurement;
}
