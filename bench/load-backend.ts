/**
 * The backend under load, in a process of its own so that its memory is
 * measured apart from the load generator. Started by bench/load.ts and
 * bench/fairness.ts over IPC:
 * sends `{ url }` when listening, answers `'memory'` with process.memoryUsage()
 * after a full garbage collection (started with --expose-gc), so that heap
 * figures are what is retained, not garbage not yet collected.
 */
import { ALERTMANAGER, ENTITIES, PROMETHEUS, startBackend } from './lib';

async function main() {
  const backend = await startBackend({
    prometheus: PROMETHEUS,
    alertmanager: ALERTMANAGER,
    extraConfig: {
      observability: {
        clusters: [
          {
            name: 'local',
            prometheus: { url: PROMETHEUS },
            alertmanager: { url: ALERTMANAGER },
            loki: { url: process.env.LOKI_URL ?? 'http://127.0.0.1:3100' },
            tempo: { url: process.env.TEMPO_URL ?? 'http://127.0.0.1:3200' },
          },
        ],
      },
    },
  });
  process.on('message', message => {
    if (message === 'memory') {
      global.gc?.();
      process.send!({ memory: process.memoryUsage() });
    }
    if (message === 'stop') backend.stop().then(() => process.exit(0));
  });
  process.send!({ url: backend.baseUrl, entities: ENTITIES.length });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
