// The bench's load generator (autocannon, over the entity routes
// bench/load.ts loads) against one URL, logging every answer with the time
// it came, one JSON line each ({"t", "status", "ms"}, or {"t", "error"}),
// so that a test can split the run into phases around a failure it causes.
// Prints a summary line when done.
//
//   node e2e/scale/load.mjs --url http://127.0.0.1:7100 --token <bearer> \
//     --duration 60 --connections 20 --out <file.jsonl>

import autocannon from 'autocannon';
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
if (!args.url || !args.token || !args.out) {
  throw new Error('--url, --token and --out are required');
}

const ENTITY_API = '/api/observability/entities/component/default';
const routes = ['checkout', 'payments'].flatMap(name => [
  `${ENTITY_API}/${name}/red`,
  `${ENTITY_API}/${name}/red/breakdown?by=route`,
  `${ENTITY_API}/${name}/alerts`,
  `${ENTITY_API}/${name}/logs?limit=100`,
  `${ENTITY_API}/${name}/traces?limit=20`,
]);

const out = fs.createWriteStream(args.out);
const instance = autocannon({
  url: args.url,
  connections: Number(args.connections),
  duration: Number(args.duration),
  headers: { authorization: `Bearer ${args.token}` },
  requests: routes.map(path => ({ method: 'GET', path })),
  timeout: 30,
});
instance.on('response', (_client, status, _bytes, ms) =>
  out.write(`${JSON.stringify({ t: Date.now(), status, ms })}\n`),
);
instance.on('reqError', error =>
  out.write(`${JSON.stringify({ t: Date.now(), error: error.message })}\n`),
);
const result = await instance;
await new Promise(resolve => out.end(resolve));
console.log(
  JSON.stringify({
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
