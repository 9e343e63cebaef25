/**
 * Fairness: one user floods the backend with cache-busting RED requests for
 * checkout from 200 concurrent clients that retry at once, whatever the
 * answer; meanwhile another user opens payments' RED panel, each time for a
 * range nobody asked before (cold). Baseline, same run: that user's cold
 * requests with nobody else on the backend. Printed: p50/p95 of both, the
 * flood-to-idle ratio of p95, and what the flood got (answers, 429s). The
 * backend (bench/load-backend.ts) and the flood (bench/fairness-flood.ts)
 * run in processes of their own.
 *
 *   yarn tsx bench/fairness.ts [--runs=30] [--connections=200]
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import {
  ENTITY_API,
  flag,
  fmtMs,
  getJson,
  percentile,
  ratio,
  run,
} from './lib';

const RUNS = flag('runs', 30);
const CONNECTIONS = flag('connections', 200);
const HOUR_S = 3600;
/** The step the plugin picks for an hour: ranges one step apart are different queries. */
const STEP_S = 15;
/** No cold request is expected to take this long; past it, the run fails. */
const REQUEST_TIMEOUT_MS = 60_000;

const NORMAL = mockCredentials.user.header('user:default/guest');

function start(script: string): ChildProcess {
  return fork(path.join(__dirname, script), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}
const reply = (child: ChildProcess) =>
  new Promise<any>(resolve => child.once('message', resolve));

async function main() {
  const backend = start('load-backend.ts');
  const { url } = await reply(backend);
  const nowS = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S - 600;

  // Each of payments' ranges once, from the newest back.
  let ranges = 0;
  const coldRed = async () => {
    ranges += 1;
    const to = nowS - ranges * STEP_S;
    const started = performance.now();
    const res = await fetch(
      `${url}${ENTITY_API}/payments/red?from=${to - HOUR_S}&to=${to}`,
      {
        headers: { authorization: NORMAL },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
    );
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`payments' RED answered ${res.status}: ${text}`);
    }
    return performance.now() - started;
  };
  const samples = async () => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) ms.push(await coldRed());
    return ms;
  };

  // Dialects detected (cached for 5 minutes) before anything is measured.
  for (const name of ['checkout', 'payments']) {
    await getJson(`${url}${ENTITY_API}/${name}/red`);
  }
  await coldRed();
  const idle = await samples();

  const flood = start('fairness-flood.ts');
  await reply(flood); // loaded
  // A day older than payments' ranges: nothing the flood asks is cached.
  flood.send({ url, connections: CONNECTIONS, toS: nowS - 86_400 });
  await reply(flood); // flooding
  // The flood fills its queues before the measured user starts.
  await new Promise(resolve => setTimeout(resolve, 5_000));
  const flooded = await samples();
  flood.send('stop');
  const { statuses, seconds } = await reply(flood);
  backend.send('stop');

  const line = (name: string, ms: number[]) =>
    `${name.padEnd(40)} p50 ${fmtMs(percentile(ms, 0.5)).padStart(
      10,
    )}  p95 ${fmtMs(percentile(ms, 0.95)).padStart(10)}`;
  console.log(
    `Fairness: ${RUNS} cold RED requests for payments by one user, alone and while another ` +
      `user floods checkout's RED from ${CONNECTIONS} clients (cache-busting, retrying at once)`,
  );
  console.log(line('normal user, backend idle (baseline)', idle));
  console.log(line('normal user, under the flood', flooded));
  console.log(
    `p95 under the flood vs idle: ${ratio(
      percentile(flooded, 0.95),
      percentile(idle, 0.95),
    )}`,
  );
  const counts = Object.entries(statuses as Record<string, number>);
  console.log(
    `flood: ${counts.reduce((sum, [, n]) => sum + n, 0)} answers in ${(
      seconds as number
    ).toFixed(0)} s (${counts
      .map(([status, n]) => `HTTP ${status} ×${n}`)
      .join(', ')})`,
  );
}

run(main);
