import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface LocalStack {
  urls: { prometheus: string; alertmanager: string };
  /** The instant the backfilled history ends and live data begins (epoch ms). */
  anchorMs: number;
  [key: string]: unknown;
}

const STACK_CLI = require.resolve('@sightline/e2e/stack/index.mjs');

/**
 * The local telemetry stack (real Prometheus and Alertmanager), started if it
 * is not already running. Integration tests use it rather than mocks.
 */
export async function ensureLocalStack(): Promise<LocalStack> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [STACK_CLI, 'ensure'],
    {
      timeout: 240_000,
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}
