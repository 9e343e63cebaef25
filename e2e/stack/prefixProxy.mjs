// A path-prefixing reverse proxy in front of the stack's Prometheus, so that
// the backend is tested against URLs with a path, as users configure them:
//
//   --port         Prometheus under /prometheus, every path (as an ingress
//                  serves Prometheus or Thanos Query under a prefix)
//   --strict-port  what Mimir answers: its Prometheus HTTP API under
//                  /prometheus/api/v1/ (Mimir's documented endpoints, so no
//                  targets API), readiness at /ready on the root only, and
//                  404 for everything else (no /-/ready, no UI)
//
//   node e2e/stack/prefixProxy.mjs --upstream http://127.0.0.1:9090 --port 9095 --strict-port 9096

import http from 'node:http';
import { parseArgs } from 'node:util';

const PREFIX = '/prometheus';

// Mimir's Prometheus-compatible API (Mimir HTTP API reference, "Querier"
// and "Ruler" sections), under its prefix.
const MIMIR_API =
  /^\/prometheus\/api\/v1\/(query|query_range|query_exemplars|series|labels|label\/[^/]+\/values|metadata|rules|alerts|status\/buildinfo|format_query|cardinality\/(label_names|label_values))$/;

/**
 * `prefix` in front of a redirect to a path of the upstream's own (Prometheus
 * sends `/graph` to `/graph/` and `/classic/graph`): what an ingress that
 * strips a prefix must do (nginx `proxy_redirect / /prometheus/;`), or the
 * UI behind it is unreachable.
 */
function underPrefix(headers, prefix) {
  const location = headers.location;
  if (!prefix || typeof location !== 'string' || !location.startsWith('/')) {
    return headers;
  }
  return { ...headers, location: `${prefix}${location}` };
}

function forward(upstream, req, res, path, redirectPrefix) {
  const target = new URL(path, upstream);
  const proxied = http.request(
    target,
    {
      method: req.method,
      headers: { ...req.headers, host: target.host },
      agent: false,
    },
    answer => {
      res.writeHead(
        answer.statusCode,
        underPrefix(answer.headers, redirectPrefix),
      );
      answer.pipe(res);
    },
  );
  proxied.on('error', error => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`prefix proxy: upstream ${upstream} failed: ${error.message}\n`);
  });
  req.pipe(proxied);
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('404 page not found\n');
}

function lenient(upstream) {
  return (req, res) => {
    const url = new URL(req.url, 'http://proxy');
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
      notFound(res);
      return;
    }
    forward(upstream, req, res, req.url.slice(PREFIX.length) || '/', PREFIX);
  };
}

function strict(upstream) {
  return (req, res) => {
    const url = new URL(req.url, 'http://proxy');
    if (url.pathname === '/ready') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ready\n');
    } else if (MIMIR_API.test(url.pathname)) {
      forward(upstream, req, res, req.url.slice(PREFIX.length));
    } else {
      notFound(res);
    }
  };
}

function listen(handler, port) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

const { values } = parseArgs({
  options: {
    upstream: { type: 'string' },
    port: { type: 'string' },
    'strict-port': { type: 'string' },
  },
});
if (!values.upstream || !values.port || !values['strict-port']) {
  console.error(
    'usage: node prefixProxy.mjs --upstream URL --port N --strict-port N',
  );
  process.exit(2);
}
const ports = await Promise.all([
  listen(lenient(values.upstream), Number(values.port)),
  listen(strict(values.upstream), Number(values['strict-port'])),
]);
console.log(
  JSON.stringify({
    upstream: values.upstream,
    port: ports[0],
    strictPort: ports[1],
  }),
);
