/**
 * Upstream amplification: 50 viewers open the same entity's Overview at once
 * (its panels' requests: RED, breakdown by route, alerts, as the frontend
 * sends them). How many requests reach Prometheus (and Alertmanager), counted
 * at a reverse proxy in front of each, through the plugin vs through
 * @backstage/plugin-proxy-backend passing the same panel queries — the way
 * proxy-based observability plugins work today. Same backend, same run.
 *
 *   yarn tsx bench/amplification.ts [--viewers=50]
 */
import {
  ALERTMANAGER,
  ENTITY_API,
  flag,
  getJson,
  PROMETHEUS,
  ratio,
  run,
  startBackend,
  timed,
} from './lib';
import { RecordingProxy } from '../plugins/observability-backend/src/__testUtils__/RecordingProxy';

const VIEWERS = flag('viewers', 50);
const HOUR_S = 3600;

async function main() {
  const prometheus = await new RecordingProxy(PROMETHEUS).start();
  const alertmanager = await new RecordingProxy(ALERTMANAGER).start();
  const backend = await startBackend({
    prometheus: prometheus.url,
    alertmanager: alertmanager.url,
    extraConfig: {
      proxy: {
        endpoints: {
          '/prometheus': { target: prometheus.url },
          '/alertmanager': { target: alertmanager.url },
        },
      },
    },
    features: [import('@backstage/plugin-proxy-backend')],
  });
  const api = `${backend.baseUrl}${ENTITY_API}/checkout`;
  const overview = (toS: number) => {
    const range = `from=${toS - HOUR_S}&to=${toS}`;
    return Promise.all([
      getJson(`${api}/red?${range}`),
      getJson(`${api}/red/breakdown?by=route&${range}`),
      getJson(`${api}/alerts`),
    ]);
  };
  const reset = () => {
    prometheus.requests.length = 0;
    alertmanager.requests.length = 0;
  };
  const nowS = Math.floor(Date.now() / 1000 / 60) * 60 - 600;

  // One viewer alone: the panel queries, as the generic proxy would pass them.
  // (The metric-dialect probe, which a proxy-based panel does not make, is left out.)
  await overview(nowS - 7200);
  const panelRequests = [
    ...prometheus.requests
      .filter(r => !r.body.includes('count+by+%28__name__%29'))
      .map(r => ({ upstream: 'prometheus', ...r })),
    ...alertmanager.requests.map(r => ({ upstream: 'alertmanager', ...r })),
  ];
  // Past the 10 s cache of alert rules, so the plugin starts as cold as the proxy.
  await new Promise(resolve => setTimeout(resolve, 11_000));

  reset();
  const pluginMs = await timed(() =>
    Promise.all(Array.from({ length: VIEWERS }, () => overview(nowS))),
  );
  const plugin = {
    prometheus: prometheus.requests.length,
    alertmanager: alertmanager.requests.length,
  };

  reset();
  const proxyMs = await timed(() =>
    Promise.all(
      Array.from({ length: VIEWERS }, () =>
        Promise.all(
          panelRequests.map(async r => {
            const query = new URLSearchParams(
              r.method === 'GET' ? r.params : [],
            ).toString();
            const res = await fetch(
              `${backend.baseUrl}/api/proxy/${r.upstream}${r.path}${
                query ? `?${query}` : ''
              }`,
              {
                method: r.method,
                headers:
                  r.method === 'POST'
                    ? { 'content-type': 'application/x-www-form-urlencoded' }
                    : {},
                body: r.method === 'POST' ? r.body : undefined,
              },
            );
            await res.arrayBuffer();
            if (!res.ok) throw new Error(`proxy ${r.path}: ${res.status}`);
          }),
        ),
      ),
    ),
  );
  const proxy = {
    prometheus: prometheus.requests.length,
    alertmanager: alertmanager.requests.length,
  };
  await backend.stop();
  await prometheus.stop();
  await alertmanager.stop();

  console.log(
    `Upstream amplification: ${VIEWERS} concurrent Overview loads of checkout (RED + breakdown + alerts, 1 h); ` +
      `one load = ${panelRequests.length} panel requests`,
  );
  const line = (name: string, n: typeof plugin, ms: number) =>
    `${name.padEnd(40)} Prometheus ${String(n.prometheus).padStart(5)} (${ratio(
      n.prometheus,
      proxy.prometheus,
    )})  Alertmanager ${String(n.alertmanager).padStart(4)} (${ratio(
      n.alertmanager,
      proxy.alertmanager,
    )})  wall ${ms.toFixed(0)} ms (${ratio(ms, proxyMs)})`;
  console.log(line('generic proxy (baseline)', proxy, proxyMs));
  console.log(line('plugin', plugin, pluginMs));
  console.log(
    `per viewer: plugin ${(plugin.prometheus / VIEWERS).toFixed(2)}, proxy ${(
      proxy.prometheus / VIEWERS
    ).toFixed(2)} Prometheus requests`,
  );
}

run(main);
