import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface LocalStack {
  urls: {
    prometheus: string;
    alertmanager: string;
    /** Prometheus under /prometheus behind a proxy (e2e/stack/prefixProxy.mjs). */
    prometheusPrefixed: string;
    /** The same, answering only what Mimir answers (no /-/ready, no targets API). */
    prometheusStrictPrefixed: string;
    /** Only when the stack runs VictoriaMetrics (SIGHTLINE_STACK_ENGINES). */
    victoriametrics?: string;
    vmalert?: string;
  };
  /** The instant the backfilled history ends and live data begins (epoch ms). */
  anchorMs: number;
  [key: string]: unknown;
}

const STACK_CLI = require.resolve('@sightline/e2e/stack/index.mjs');

/**
 * The local telemetry stack (real Prometheus and Alertmanager), started if it
 * is not already running. Integration tests use it rather than mocks.
 * `engines` adds optional PromQL engines (`victoriametrics`) to it, to a
 * running stack without restarting it.
 */
export async function ensureLocalStack(
  options: { engines?: string[] } = {},
): Promise<LocalStack> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [STACK_CLI, 'ensure'],
    {
      timeout: 240_000,
      maxBuffer: 10 * 1024 * 1024,
      env: options.engines
        ? {
            ...process.env,
            SIGHTLINE_STACK_ENGINES: options.engines.join(','),
          }
        : process.env,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}
