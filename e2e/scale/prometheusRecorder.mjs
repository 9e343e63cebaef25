// A reverse proxy in front of Prometheus that records every request and
// which backend replica sent it, one JSON line each:
//   {"t": epoch ms, "replica": "replica-a" | "replica-b" | "other",
//    "method", "path", "params": [[name, value], ...]}   (query and form fields)
// The replica is found the way `ss -p` finds a socket's process: the
// connection's client port leads to a socket inode in /proc/net/tcp, and the
// replica whose /proc/<pid>/fd holds that socket sent it. So the replicas
// share one Prometheus URL, as they must for their cache keys to be equal.
//
//   node prometheusRecorder.mjs --port 7109 --target http://127.0.0.1:9090 \
//     --pids-file <stateDir>/pids.json --log <stateDir>/log/prometheus-requests.jsonl

import fs from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    target: { type: 'string' },
    'pids-file': { type: 'string' },
    log: { type: 'string' },
  },
});
for (const name of ['port', 'target', 'pids-file', 'log']) {
  if (!args[name]) throw new Error(`--${name} is required`);
}
const port = Number(args.port);
const target = new URL(args.target);
const log = fs.createWriteStream(args.log, { flags: 'a' });
const agent = new http.Agent({ keepAlive: true });

/** `0100007F:1C7D` style addresses of /proc/net/tcp end in the port in hex. */
const hexPort = n => `:${n.toString(16).toUpperCase().padStart(4, '0')}`;

/** Inode of the client's end of a connection to us from `clientPort`. */
function clientSocketInode(clientPort) {
  const local = hexPort(clientPort);
  const remote = hexPort(port);
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[1]?.endsWith(local) && cols[2]?.endsWith(remote)) return cols[9];
  }
  return undefined;
}

function replicaPids() {
  try {
    return JSON.parse(fs.readFileSync(args['pids-file'], 'utf8'))
      .processes.filter(p => p.name.startsWith('replica-'))
      .map(p => ({ name: p.name, pid: p.pid }));
  } catch {
    return [];
  }
}

function holdsSocket(pid, link) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some(fd => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === link;
      } catch {
        return false; // closed meanwhile
      }
    });
  } catch {
    return false; // not running
  }
}

function replicaOf(socket) {
  const inode = clientSocketInode(socket.remotePort);
  if (!inode) return 'other';
  const link = `socket:[${inode}]`;
  return replicaPids().find(r => holdsSocket(r.pid, link))?.name ?? 'other';
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://proxy');
    const params = [...url.searchParams];
    if ((req.headers['content-type'] ?? '').includes('form-urlencoded')) {
      params.push(...new URLSearchParams(body.toString('utf8')));
    }
    // One lookup per connection: keep-alive connections carry many requests.
    req.socket.replica ??= replicaOf(req.socket);
    log.write(
      `${JSON.stringify({
        t: Date.now(),
        replica: req.socket.replica,
        method: req.method,
        path: url.pathname,
        params,
      })}\n`,
    );
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', error => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`recording proxy: ${target.host} failed: ${error.message}`);
    });
    upstream.end(body);
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({
      recorder: 'prometheus',
      port,
      target: args.target,
    })}\n`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    log.end(() => process.exit(0));
  });
}
