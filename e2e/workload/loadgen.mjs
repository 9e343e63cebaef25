// Load generator: sends real HTTP requests to the demo services at the
// model's current rate (open loop, Poisson arrivals, so slow answers do not
// slow the traffic down). payments' POST /api/payments is not driven here:
// checkout calls it once per /api/checkout.
//
//   node loadgen.mjs [--port-base 9101]

import http from 'node:http';
import { parseArgs } from 'node:util';
import {
  SERVICES,
  SERVICE_NAMES,
  liveRps,
  mulberry32,
  servicePort,
} from './model.mjs';

const { values } = parseArgs({ options: { 'port-base': { type: 'string' } } });
const portBase = Number(
  values['port-base'] || process.env.SIGHTLINE_WORKLOAD_PORT_BASE || 9101,
);
const rng = mulberry32(0x10ad);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const COMMANDS = [
  '/kbot hello',
  '/kbot status',
  '/kbot help',
  '/start',
  'ping',
];
const USERS = ['user123', 'olena', 'taras', 'mykola', 'iryna'];

// What each route's request looks like.
const requestFor = {
  'checkout/cart': () => ({ path: '/api/cart' }),
  'checkout/checkout': () => ({
    path: '/api/checkout',
    body: {
      items: [
        {
          sku: `SKU-${Math.floor(rng() * 1000)}`,
          qty: 1 + Math.floor(rng() * 3),
        },
      ],
    },
  }),
  'payments/status': () => ({
    path: `/api/payments/pay_${Math.floor(rng() * 2 ** 32).toString(16)}`,
  }),
  'kbot/message': () => {
    const id = Math.floor(rng() * 1e9);
    return {
      path: '/webhook',
      body: {
        update_id: id,
        message: {
          message_id: id % 100000,
          from: { username: USERS[Math.floor(rng() * USERS.length)] },
          chat: { id: 1000 + Math.floor(rng() * 50) },
          text: COMMANDS[Math.floor(rng() * COMMANDS.length)],
        },
      },
    };
  },
};

const stats = { sent: 0, ok: 0, failed: 0, errors5xx: 0 };

function send(service, route) {
  const { path, body } = requestFor[`${service}/${route.key}`]();
  const payload = body ? JSON.stringify(body) : undefined;
  const req = http.request(
    {
      host: '127.0.0.1',
      port: servicePort(service, portBase),
      path,
      method: route.method,
      agent,
      timeout: 15_000,
      headers: payload ? { 'content-type': 'application/json' } : {},
    },
    res => {
      res.resume();
      if (res.statusCode >= 500) stats.errors5xx++;
      else stats.ok++;
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => stats.failed++);
  req.end(payload);
  stats.sent++;
}

// One Poisson stream per driven route; the rate is re-read at every arrival,
// so it follows the model's daily cycle.
function stream(service, route) {
  const next = () => {
    const rate = liveRps(service, route.key, Date.now());
    const delayMs = (-Math.log(1 - rng()) / rate) * 1000;
    setTimeout(() => {
      send(service, route);
      next();
    }, delayMs);
  };
  next();
}

for (const service of SERVICE_NAMES) {
  for (const route of SERVICES[service].routes) {
    if (!route.drivenBy) stream(service, route);
  }
}
console.log(
  `loadgen: sending traffic to ports ${portBase}..${
    portBase + SERVICE_NAMES.length - 1
  } (pid ${process.pid})`,
);

// One progress line a minute.
let last = { ...stats };
setInterval(() => {
  const d = Object.fromEntries(
    Object.entries(stats).map(([k, v]) => [k, v - last[k]]),
  );
  last = { ...stats };
  console.log(
    `loadgen: ${new Date().toISOString()} last 60 s: ${d.sent} requests (${(
      d.sent / 60
    ).toFixed(1)}/s), ` +
      `${d.errors5xx} answered 5xx, ${d.failed} without answer`,
  );
}, 60_000);

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
