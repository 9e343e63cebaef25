// The two exporters of the demo cluster besides the services, each on its
// own port with its own GET /metrics, as they run in a real cluster:
//
// - kube-state-metrics (SIGHTLINE_WORKLOAD_PORT_BASE + 4): the Deployments,
//   ReplicaSets and pods of the demo services, with KSM 2.x's metric names
//   and labels (model.mjs kubeStateMetricsAt: the state the Kubernetes
//   stand-in serves too);
// - tempo-metrics-generator (base + 5): the service graph that Tempo's
//   metrics-generator computes from spans, computed here the same way from
//   the workload's own span files (<stateDir>/traces/*.jsonl): a client span
//   and the server span whose parent it is make one request of the edge
//   client → server; what stays unpaired for 10 s (Tempo's `wait`) becomes a
//   virtual-node edge (a root server span: client "user"; a client span with
//   peer.service: that peer as server), its missing side observed as 0 s.
//   Counters start from the backfill's final values (baseline.json), so
//   history and live data meet without a reset.
//
//   node exporters.mjs [--port-base 9101] [--state-dir DIR]

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JsonlTail } from '../standins/lib.mjs';
import {
  KUBE_STATE_METRICS_JOB,
  SERVICE_GRAPH_BUCKETS,
  SERVICE_GRAPH_JOB,
  exporterPort,
  kubeStateMetricsAt,
  serviceGraphLabels,
} from './model.mjs';

const { values: args } = parseArgs({
  options: {
    'port-base': { type: 'string' },
    'state-dir': { type: 'string' },
  },
});
const portBase = Number(
  args['port-base'] || process.env.SIGHTLINE_WORKLOAD_PORT_BASE || 9101,
);
const stateDir = path.resolve(
  args['state-dir'] || process.env.SIGHTLINE_STACK_DIR || '.stack',
);

function readBaseline() {
  try {
    return JSON.parse(
      fs.readFileSync(path.join(stateDir, 'workload', 'baseline.json'), 'utf8'),
    );
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    console.log('exporters: no baseline.json, counters start at 0');
    return { anchorMs: Date.now(), serviceGraph: [] };
  }
}
const baseline = readBaseline();

const escapeValue = v =>
  String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = labels =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeValue(v)}"`)
    .join(',')}}`;

// ---------------------------------------------------------------------------
// kube-state-metrics

function kubeStateMetrics() {
  const byName = new Map();
  for (const m of kubeStateMetricsAt(Date.now(), baseline.anchorMs)) {
    if (!byName.has(m.name)) byName.set(m.name, []);
    byName.get(m.name).push(m);
  }
  const lines = [];
  for (const [name, samples] of byName) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of samples)
      lines.push(`${name}${labelText(s.labels)} ${s.value}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// Service graph (Tempo metrics-generator, service-graphs processor)

const WAIT_MS = 10_000;
// Tempo's default peer_attributes, in its order of preference.
const PEER_ATTRIBUTES = ['peer.service', 'db.name', 'db.system'];

const emptyHistogram = () => ({
  buckets: SERVICE_GRAPH_BUCKETS.map(() => 0),
  count: 0,
  sum: 0,
});
const edgeKey = labels => labelText(labels);
const edges = new Map(); // label text -> { labels, requests, failed, serverLatency, clientLatency }
for (const e of baseline.serviceGraph ?? []) {
  const { requests, failed, serverLatency, clientLatency, ...labels } = e;
  edges.set(edgeKey(labels), {
    labels,
    requests,
    failed,
    serverLatency: structuredClone(serverLatency),
    clientLatency: structuredClone(clientLatency),
  });
}

function observe(h, seconds) {
  h.count += 1;
  h.sum += seconds;
  SERVICE_GRAPH_BUCKETS.forEach((le, i) => {
    if (seconds <= le) h.buckets[i] += 1;
  });
}

function record(e) {
  const labels = serviceGraphLabels({
    client: e.client,
    server: e.server,
    connectionType: e.connectionType,
  });
  const key = edgeKey(labels);
  let edge = edges.get(key);
  if (!edge) {
    edge = {
      labels,
      requests: 0,
      failed: 0,
      serverLatency: emptyHistogram(),
      clientLatency: emptyHistogram(),
    };
    edges.set(key, edge);
  }
  edge.requests += 1;
  if (e.failed) edge.failed += 1;
  observe(edge.serverLatency, e.serverSeconds ?? 0);
  observe(edge.clientLatency, e.clientSeconds ?? 0);
}

// Unpaired halves by trace id + the client span's id (= the server span's parent).
const pending = new Map();
const spanSeconds = r =>
  Number(BigInt(r.end_unix_nano) - BigInt(r.start_unix_nano)) / 1e9;

function onSpan(record_) {
  const r = record_;
  if (r.kind !== 'client' && r.kind !== 'server') return;
  const key = `${r.trace_id}/${
    r.kind === 'client' ? r.span_id : r.parent_span_id ?? ''
  }`;
  let e = pending.get(key);
  if (!e) {
    e = { seenAt: Date.now(), root: r.kind === 'server' && !r.parent_span_id };
    pending.set(key, e);
  }
  const service = r.resource?.['service.name'] ?? r.service;
  e.failed = e.failed || r.status_code === 'error';
  if (r.kind === 'client') {
    e.client = service;
    e.clientSeconds = spanSeconds(r);
    e.peer = PEER_ATTRIBUTES.map(a => r.attributes?.[a]).find(Boolean);
  } else {
    e.server = service;
    e.serverSeconds = spanSeconds(r);
  }
  if (e.client && e.server) {
    pending.delete(key);
    record({ ...e, connectionType: '' });
  }
}

function expire(now) {
  for (const [key, e] of pending) {
    if (now - e.seenAt < WAIT_MS) continue;
    pending.delete(key);
    if (!e.client && e.root) {
      record({ ...e, client: 'user', connectionType: 'virtual_node' });
    } else if (!e.server && e.peer) {
      record({ ...e, server: e.peer, connectionType: 'virtual_node' });
    }
    // Otherwise Tempo drops it too (counted as expired, no edge).
  }
}

const tail = new JsonlTail(path.join(stateDir, 'traces'), {
  onRecord: (_service, r) => onSpan(r),
});
setInterval(() => {
  tail.refresh();
  expire(Date.now());
}, 1000).unref();

function histogramLines(name, labels, h) {
  const out = SERVICE_GRAPH_BUCKETS.map(
    (le, i) =>
      `${name}_bucket${labelText({ ...labels, le: String(le) })} ${
        h.buckets[i]
      }`,
  );
  out.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${h.count}`);
  out.push(
    `${name}_sum${labelText(labels)} ${Math.round(h.sum * 1000) / 1000}`,
  );
  out.push(`${name}_count${labelText(labels)} ${h.count}`);
  return out;
}

function serviceGraphMetrics() {
  tail.refresh();
  const all = [...edges.values()];
  const prefix = 'traces_service_graph_request';
  const lines = [
    `# TYPE ${prefix}_total counter`,
    ...all.map(e => `${prefix}_total${labelText(e.labels)} ${e.requests}`),
    `# TYPE ${prefix}_failed_total counter`,
    ...all.map(e => `${prefix}_failed_total${labelText(e.labels)} ${e.failed}`),
    `# TYPE ${prefix}_server_seconds histogram`,
    ...all.flatMap(e =>
      histogramLines(`${prefix}_server_seconds`, e.labels, e.serverLatency),
    ),
    `# TYPE ${prefix}_client_seconds histogram`,
    ...all.flatMap(e =>
      histogramLines(`${prefix}_client_seconds`, e.labels, e.clientLatency),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------

function serve(job, render) {
  const port = exporterPort(job, portBase);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      });
      res.end(render());
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  server.listen(port, '127.0.0.1', () =>
    console.log(
      `${job}: listening on http://127.0.0.1:${port} (pid ${process.pid})`,
    ),
  );
  server.on('error', e => {
    console.error(`${job}: ${e.message}`);
    process.exit(1);
  });
  return server;
}

const servers = [
  serve(KUBE_STATE_METRICS_JOB, kubeStateMetrics),
  serve(SERVICE_GRAPH_JOB, serviceGraphMetrics),
];
const shutdown = () => {
  for (const s of servers) s.close();
  setTimeout(() => process.exit(0), 300).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
