/**
 * What every bench script shares: a real observability backend (the plugin
 * with a mock catalog, as the plugin's integration tests run it), a counting
 * reverse proxy, and percentiles.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Entity } from '@backstage/catalog-model';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { AddressInfo } from 'node:net';
import { observabilityPlugin } from '../plugins/observability-backend/src/plugin';
import { shopComponent } from '../plugins/observability-backend/src/__testUtils__/entities';

export const PROMETHEUS = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
export const ALERTMANAGER =
  process.env.ALERTMANAGER_URL ?? 'http://127.0.0.1:9093';

/** The demo shop's services as the example catalog declares them. */
export const ENTITIES = [
  shopComponent('checkout'),
  shopComponent('payments', { 'sightline.dev/metrics-dialect': 'otel-http' }),
];

export const ENTITY_API = '/api/observability/entities/component/default';

export interface BenchBackend {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the observability plugin (and any extra features) on a free port. */
export async function startBackend(options: {
  prometheus: string;
  alertmanager?: string;
  extraConfig?: JsonObject;
  features?: BackendFeature[];
  /** The catalog; default ENTITIES. */
  entities?: Entity[];
}): Promise<BenchBackend> {
  const backend = await startTestBackend({
    features: [
      observabilityPlugin,
      catalogServiceMock.factory({ entities: options.entities ?? ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          observability: {
            clusters: [
              {
                name: 'local',
                prometheus: { url: options.prometheus },
                ...(options.alertmanager
                  ? { alertmanager: { url: options.alertmanager } }
                  : {}),
              },
            ],
          },
          ...options.extraConfig,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const { server } = backend;
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => backend.stop(),
  };
}

/** The q-quantile (0..1) of samples, nearest-rank. */
export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, rank)];
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A GET that must succeed; returns the parsed JSON and its size in bytes. */
export async function getJson(
  url: string,
): Promise<{ body: any; bytes: number }> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text}`);
  return { body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/** Posts a form to Prometheus's HTTP API, as the plugin does. */
export async function prometheusPost(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
): Promise<{ body: any; bytes: number }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`);
  return { body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/** `--name=value` from the command line, or the fallback. */
export function flag(name: string, fallback: number): number {
  const arg = process.argv.find(a => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

export const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;
export const ratio = (value: number, baseline: number) =>
  `${(value / baseline).toFixed(2)}×`;

/**
 * Runs a benchmark and exits when it is done: a test backend's scheduler
 * keeps timers that hold the process open for minutes after stop().
 */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
