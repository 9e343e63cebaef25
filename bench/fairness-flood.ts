/**
 * The flooding user of bench/fairness.ts, in a process of its own so that
 * its load generator does not share an event loop with the measured user's
 * client. Over IPC: sends `'ready'` once loaded; `{ url, connections, toS }`
 * starts the flood (RED of checkout, every request a range one step older
 * than the last, as the flooder, retrying at once whatever the answer) and
 * is answered `'started'`; `'stop'` ends it and is answered
 * `{ statuses, seconds }`.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import autocannon from 'autocannon';
import { ENTITY_API } from './lib';

/** However long the measured user takes, the flood stops after this many requests. */
const MAX_REQUESTS = 1_000_000;
const HOUR_S = 3600;
/** The step the plugin picks for an hour: ranges one step apart are different queries. */
const STEP_S = 15;

// Never outlives the benchmark that started it.
process.on('disconnect', () => process.exit(0));

process.once('message', ({ url, connections, toS }: any) => {
  let sent = 0;
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const flood = autocannon({
    url,
    connections,
    amount: MAX_REQUESTS,
    timeout: 60,
    headers: {
      authorization: mockCredentials.user.header('user:default/flooder'),
    },
    requests: [
      {
        method: 'GET',
        setupRequest: req => {
          sent += 1;
          const to = toS - sent * STEP_S;
          return {
            ...req,
            path: `${ENTITY_API}/checkout/red?from=${to - HOUR_S}&to=${to}`,
          };
        },
        onResponse: status => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  process.send!('started');
  process.once('message', async () => {
    flood.stop();
    await flood;
    process.send!({ statuses, seconds: (performance.now() - started) / 1000 });
    process.exit(0);
  });
});

process.send!('ready');
