/**
 * Load: 200 concurrent clients for 60 s against the entity routes (RED,
 * breakdown, alerts, logs, traces of checkout and payments, last hour, as the
 * Overview, Logs and Traces tabs ask) on a backend in its own process, with
 * the local stack. Baseline, same run, same clients and duration: the RED
 * panel's range queries sent straight to Prometheus.
 *
 *   yarn tsx bench/load.ts [--duration=60] [--connections=200]
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import path from 'node:path';
import {
  ENTITY_API,
  flag,
  getJson,
  percentile,
  PROMETHEUS,
  ratio,
  run,
} from './lib';

const DURATION_S = flag('duration', 60);
const CONNECTIONS = flag('connections', 200);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface LoadResult {
  served: number;
  errors: number;
  /** What the errors were: "HTTP 503 ×12", "timeout ×3", and the first messages. */
  errorKinds: string[];
  p50: number;
  p95: number;
  perSecond: number;
}

async function load(
  url: string,
  requests: autocannon.Request[],
): Promise<LoadResult> {
  const latencies: number[] = [];
  const messages = new Map<string, number>();
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: requests.map(request => ({
      ...request,
      onResponse: (status: number, body: string) => {
        if (status < 400) return;
        const message = `${status} ${request.path?.split('?')[0]}: ${
          body.match(/"message":"([^"]{0,120})/)?.[1] ?? body.slice(0, 120)
        }`;
        messages.set(message, (messages.get(message) ?? 0) + 1);
      },
    })),
    timeout: 30,
  });
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  const errorKinds = [
    ...Object.entries(result.statusCodeStats)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, { count }]) => `HTTP ${status} ×${count}`),
    ...(result.timeouts ? [`timeout ×${result.timeouts}`] : []),
    ...(result.errors - result.timeouts > 0
      ? [`connection error ×${result.errors - result.timeouts}`]
      : []),
    ...[...messages].slice(0, 5).map(([m, n]) => `  ${n}× ${m}`),
  ];
  return {
    served: result['2xx'],
    errors: result.errors + result.non2xx,
    errorKinds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    perSecond: result['2xx'] / DURATION_S,
  };
}

async function main() {
  const child = fork(path.join(__dirname, 'load-backend.ts'), {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<any>(resolve => child.once('message', resolve));
  const { url } = await next();
  const memory = async () => {
    child.send('memory');
    return (await next()).memory as NodeJS.MemoryUsage;
  };

  const routes = ['checkout', 'payments'].flatMap(name => [
    `${ENTITY_API}/${name}/red`,
    `${ENTITY_API}/${name}/red/breakdown?by=route`,
    `${ENTITY_API}/${name}/alerts`,
    `${ENTITY_API}/${name}/logs?limit=100`,
    `${ENTITY_API}/${name}/traces?limit=20`,
  ]);
  // Every route answers before the load (dialects detected, stand-ins reachable).
  for (const route of routes) await getJson(`${url}${route}`);
  const { body: red } = await getJson(`${url}${routes[0]}`);
  const before = await memory();

  const plugin = await load(
    url,
    routes.map(route => ({ method: 'GET', path: route })),
  );
  const after = await memory();
  child.send('stop');

  const { start, end, stepMs } = red.range;
  const direct = await load(
    PROMETHEUS,
    red.queries.map((q: { query: string }) => ({
      method: 'POST',
      path: '/api/v1/query_range',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query: q.query,
        start: String(start / 1000),
        end: String(end / 1000),
        step: String(stepMs / 1000),
      }).toString(),
    })),
  );

  console.log(
    `Load: ${CONNECTIONS} concurrent clients for ${DURATION_S} s; plugin: ${routes.length} entity routes round-robin; ` +
      `baseline: checkout's ${red.queries.length} RED range queries straight to Prometheus`,
  );
  const line = (name: string, r: LoadResult) =>
    `${name.padEnd(34)} served ${String(r.served).padStart(
      7,
    )} (${r.perSecond.toFixed(0)}/s, ${ratio(
      r.perSecond,
      direct.perSecond,
    )})  errors ${r.errors}  p50 ${r.p50.toFixed(0)} ms  p95 ${r.p95.toFixed(
      0,
    )} ms (${ratio(r.p95, direct.p95)})`;
  console.log(line('direct to Prometheus (baseline)', direct));
  console.log(line('plugin', plugin));
  for (const [name, r] of [
    ['direct', direct],
    ['plugin', plugin],
  ] as const) {
    if (r.errors) console.log(`${name} errors: ${r.errorKinds.join('\n')}`);
  }
  console.log(
    `backend memory: rss ${mb(before.rss)} → ${mb(after.rss)}, heap used ${mb(
      before.heapUsed,
    )} → ${mb(after.heapUsed)}`,
  );
}

run(main);
