// Shared plumbing of the HTTP stand-ins for Loki, Tempo, Jaeger and Grafana
// (which cannot run on the machines this project is developed and tested on):
// arguments, an HTTP server that records every request it receives, and an
// incremental reader of the demo workload's JSON-lines files.
//
// A stand-in is not the real thing: it serves only the documented API shapes
// the Sightline backend sends, from the demo workload's own logs and spans,
// and answers 400 (in the upstream's own error style) to anything else.
//
// Every stand-in serves, besides its upstream API:
//   GET    /__standin/requests   what it received, oldest first (JSON)
//   DELETE /__standin/requests   forget it
// so that tests can prove what an upstream was actually asked.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const HOST = '127.0.0.1';
const MAX_RECORDED = 20_000;
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `--port`, `--state-dir` and stand-in specific options; the port falls back
 * to `envName` and then to `defaultPort` (0 = any free port).
 */
export function standinArgs({ defaultPort, envName, options = {} }) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'state-dir': { type: 'string' },
      ...options,
    },
  });
  const rawPort = values.port ?? process.env[envName] ?? String(defaultPort);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `--port / ${envName} must be a port number, got "${rawPort}"`,
    );
  }
  return {
    ...values,
    port,
    host: values.host ?? HOST,
    stateDir: path.resolve(
      values['state-dir'] ||
        process.env.SIGHTLINE_STACK_DIR ||
        path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.stack'),
    ),
  };
}

/** A response: status, body (string, Buffer or JSON value) and headers. */
export function reply(status, body, headers = {}) {
  return { status, body, headers };
}
export const escapeHtml = s =>
  s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/**
 * The page a link into the real tool's UI opens, saying what the real tool
 * would show there: links the plugin builds can be followed in tests and in
 * the example app.
 */
export function uiPage(tool, title, body) {
  return reply(
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(
      title,
    )}</title></head>` +
      `<body><p><strong>${escapeHtml(
        tool,
      )} stand-in.</strong> Real ${escapeHtml(
        tool,
      )} would show:</p><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    { 'content-type': 'text/html; charset=utf-8' },
  );
}

export const json = (status, value, headers = {}) =>
  reply(status, JSON.stringify(value), {
    'content-type': 'application/json',
    ...headers,
  });
export const text = (status, value, headers = {}) =>
  reply(status, value, {
    'content-type': 'text/plain; charset=utf-8',
    ...headers,
  });

/** Query parameters, plus form fields of a form-encoded POST, repeated keys kept. */
function paramsOf(url, req, body) {
  const params = [...url.searchParams.entries()];
  if (
    req.method === 'POST' &&
    String(req.headers['content-type'] ?? '').includes(
      'application/x-www-form-urlencoded',
    )
  ) {
    params.push(...new URLSearchParams(body).entries());
  }
  return params;
}

/**
 * Starts a stand-in. `handle({ req, url, params, body })` returns a reply or
 * undefined (404). Prints one JSON line `{"standin": name, "url": ...}` once
 * listening, so a parent process can read the port when it asked for port 0.
 */
export function startStandin({ name, host = HOST, port, handle, log = true }) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', c => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('error', () => {});
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', `http://${host}`);
      const send = r => {
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      };
      if (url.pathname === '/__standin/requests') {
        if (req.method === 'DELETE') {
          requests.length = 0;
          send(reply(204, ''));
        } else send(json(200, requests));
        return;
      }
      const params = paramsOf(url, req, body);
      requests.push({
        at: Date.now(),
        method: req.method,
        path: url.pathname,
        params,
        // The headers an upstream acts on; tests check credentials arrive here
        // and never in the backend's answers.
        headers: Object.fromEntries(
          ['authorization', 'x-scope-orgid', 'accept', 'content-type']
            .filter(h => req.headers[h] !== undefined)
            .map(h => [h, String(req.headers[h])]),
        ),
        body,
      });
      if (requests.length > MAX_RECORDED)
        requests.splice(0, requests.length - MAX_RECORDED);
      try {
        send(
          (await handle({ req, url, params, body })) ??
            text(404, '404 page not found\n'),
        );
      } catch (e) {
        send(text(500, `${name} stand-in failed: ${e?.stack ?? e}\n`));
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('error', e => {
    console.error(`${name} stand-in: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const { port: actual } = server.address();
    if (log) {
      console.log(
        JSON.stringify({
          standin: name,
          url: `http://${host}:${actual}`,
          pid: process.pid,
        }),
      );
    }
  });
  const shutdown = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  return server;
}

/**
 * Reads `<dir>/<service>.jsonl` files incrementally, as a log shipper tails
 * them: each `refresh()` parses only what was appended since the last one.
 * Follows the workload's rotation (`<file>` renamed to `<file>.1`) and starts
 * over (`onReset(service)`) when a file is replaced, e.g. by a fresh stack start.
 */
export class JsonlTail {
  constructor(dir, { onRecord, onReset = () => {} }) {
    this.dir = dir;
    this.onRecord = onRecord;
    this.onReset = onReset;
    this.files = new Map(); // service -> { ino, offset, rest }
  }

  refresh() {
    let names;
    try {
      names = fs.readdirSync(this.dir);
    } catch (e) {
      if (e.code === 'ENOENT') return;
      throw e;
    }
    for (const name of names) {
      const m = /^(.+)\.jsonl$/.exec(name);
      if (m) this.refreshFile(m[1], path.join(this.dir, name));
    }
  }

  refreshFile(service, file) {
    let st;
    try {
      st = fs.statSync(file);
    } catch {
      return;
    }
    let state = this.files.get(service);
    if (!state || state.ino !== st.ino || st.size < state.offset) {
      const rotated = `${file}.1`;
      let rotatedSt;
      try {
        rotatedSt = fs.statSync(rotated);
      } catch {
        rotatedSt = undefined;
      }
      if (state && rotatedSt && rotatedSt.ino === state.ino) {
        // Rotated since the last read: finish the old file first.
        this.readFrom(service, rotated, state);
      } else {
        if (state) this.onReset(service);
        // First sight (or a new world): the rotated file holds the older lines.
        if (rotatedSt)
          this.readFrom(service, rotated, {
            ino: rotatedSt.ino,
            offset: 0,
            rest: '',
          });
      }
      state = { ino: st.ino, offset: 0, rest: '' };
      this.files.set(service, state);
    }
    this.readFrom(service, file, state);
  }

  readFrom(service, file, state) {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= state.offset) return;
      const buffer = Buffer.alloc(size - state.offset);
      fs.readSync(fd, buffer, 0, buffer.length, state.offset);
      state.offset = size;
      const chunk = state.rest + buffer.toString('utf8');
      const lines = chunk.split('\n');
      state.rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        let record;
        try {
          record = JSON.parse(line);
        } catch {
          continue; // a torn line from a killed writer
        }
        this.onRecord(service, record, line);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Index of the first element of a sorted array for which `key(el) >= value`. */
export function lowerBound(array, value, key) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(array[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const GO_ESCAPES = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/**
 * Decodes a Go string literal ("…" or `…`) as strconv.Unquote does, which is
 * what Loki's and Tempo's parsers use. Throws on what Go refuses: an unknown
 * escape, or a raw newline inside a double-quoted string.
 */
export function unquoteGo(literal) {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  if (body.includes('\n')) throw new Error('invalid syntax: newline in string');
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs,
    (_m, esc) => {
      if (/^[xuU]/.test(esc))
        return String.fromCodePoint(parseInt(esc.slice(1), 16));
      if (/^[0-7]{3}$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
      const decoded = GO_ESCAPES[esc];
      if (decoded === undefined)
        throw new Error(`invalid syntax: unknown escape \\${esc}`);
      return decoded;
    },
  );
}

/**
 * A RE2 pattern as a JavaScript RegExp (close enough for the patterns the
 * plugin sends: escaped literals, alternations, `(?i)`).
 */
export function re2(pattern, { anchored }) {
  let source = pattern;
  let flags = '';
  const m = /^\(\?([imsU]+)\)/.exec(source);
  if (m) {
    source = source.slice(m[0].length);
    if (m[1].includes('i')) flags += 'i';
    if (m[1].includes('s')) flags += 's';
    if (m[1].includes('m')) flags += 'm';
  }
  source = source.replace(/\(\?P</g, '(?<');
  return new RegExp(anchored ? `^(?:${source})$` : source, flags);
}

const DURATION_UNITS = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** A Go (`1.5s`, `100ms`, `1h30m`) or Prometheus (`5m`, `1d`) duration in ms; undefined if malformed. */
export function parseDurationMs(value, { allowDays = true } = {}) {
  const s = String(value).trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w|y))+$/.test(s)) return undefined;
  let total = 0;
  for (const [, n, , unit] of s.matchAll(
    /(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h|d|w|y)/g,
  )) {
    if (!allowDays && ['d', 'w', 'y'].includes(unit)) return undefined;
    total += Number(n) * DURATION_UNITS[unit];
  }
  return total;
}

/** True when this module is the process's entry point. */
export function isMain(metaUrl) {
  return (
    process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(metaUrl)
  );
}
