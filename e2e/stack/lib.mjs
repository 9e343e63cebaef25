// Shared plumbing of the local telemetry stack: configuration from the
// environment, file layout, binaries, PID bookkeeping and health checks.
// start.mjs, stop.mjs and index.mjs all use it, so they agree on everything.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EXPORTER_JOBS,
  SERVICE_NAMES,
  exporterPort,
  servicePort,
} from '../workload/model.mjs';

export const STACK_DIR = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(STACK_DIR, '..');
export const WORKLOAD_DIR = path.join(E2E_DIR, 'workload');
export const HOST = '127.0.0.1';

/** A port number from the environment, or the fallback when unset. */
export function portFromEnv(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new Error(`${name} must be a port number, got "${raw}"`);
  }
  return n;
}

/** Configuration from the environment (see README.md for the variables). */
export function stackConfig(env = process.env) {
  const stateDir = path.resolve(
    env.SIGHTLINE_STACK_DIR || path.join(E2E_DIR, '.stack'),
  );
  const portBase = portFromEnv(env, 'SIGHTLINE_WORKLOAD_PORT_BASE', 9101);
  const fullResDays = Number(env.SIGHTLINE_BACKFILL_FULL_RES_DAYS || 7);
  return {
    stateDir,
    prometheusPort: portFromEnv(env, 'SIGHTLINE_PROMETHEUS_PORT', 9090),
    alertmanagerPort: portFromEnv(env, 'SIGHTLINE_ALERTMANAGER_PORT', 9093),
    portBase,
    servicePorts: Object.fromEntries(
      SERVICE_NAMES.map(s => [s, servicePort(s, portBase)]),
    ),
    // kube-state-metrics and tempo-metrics-generator (workload/exporters.mjs)
    exporterPorts: Object.fromEntries(
      EXPORTER_JOBS.map(job => [job, exporterPort(job, portBase)]),
    ),
    fullResolutionDays: Number.isFinite(fullResDays) ? fullResDays : 2,
    engines: enginesFromEnv(env),
    victoriaMetricsPort: portFromEnv(
      env,
      'SIGHTLINE_VICTORIAMETRICS_PORT',
      8428,
    ),
    vmalertPort: portFromEnv(env, 'SIGHTLINE_VMALERT_PORT', 8880),
    prefixProxyPort: portFromEnv(env, 'SIGHTLINE_PREFIX_PROXY_PORT', 9095),
    strictPrefixProxyPort: portFromEnv(
      env,
      'SIGHTLINE_STRICT_PREFIX_PROXY_PORT',
      9096,
    ),
    standinPorts: Object.fromEntries(
      Object.entries(STANDINS).map(([name, s]) => [
        name,
        portFromEnv(env, s.env, s.port),
      ]),
    ),
  };
}

/**
 * PromQL engines the stack can run besides Prometheus (opt-in: each costs a
 * start and a history import): `SIGHTLINE_STACK_ENGINES=victoriametrics`.
 */
export const OPTIONAL_ENGINES = ['victoriametrics'];

function enginesFromEnv(env) {
  const engines = (env.SIGHTLINE_STACK_ENGINES ?? '')
    .split(',')
    .map(e => e.trim())
    .filter(Boolean);
  const unknown = engines.filter(e => !OPTIONAL_ENGINES.includes(e));
  if (unknown.length) {
    throw new Error(
      `SIGHTLINE_STACK_ENGINES: unknown engine ${unknown.join(', ')} ` +
        `(known: ${OPTIONAL_ENGINES.join(', ')})`,
    );
  }
  return engines;
}

/**
 * HTTP stand-ins for the upstreams that cannot run here (../standins/): their
 * script, default port, port variable and readiness path.
 */
export const STANDINS = {
  loki: { port: 3100, env: 'SIGHTLINE_LOKI_PORT', ready: '/ready' },
  tempo: { port: 3200, env: 'SIGHTLINE_TEMPO_PORT', ready: '/ready' },
  jaeger: { port: 16686, env: 'SIGHTLINE_JAEGER_PORT', ready: '/api/services' },
  // Not 3000: the example Backstage frontend listens there.
  grafana: { port: 3030, env: 'SIGHTLINE_GRAFANA_PORT', ready: '/api/health' },
};
export const STANDINS_DIR = path.join(E2E_DIR, 'standins');

/** Where everything lives inside the state directory. */
export function stackPaths(cfg) {
  const d = cfg.stateDir;
  return {
    stateDir: d,
    pidsFile: path.join(d, 'pids.json'),
    stackFile: path.join(d, 'stack.json'),
    prometheusConfig: path.join(d, 'prometheus.yml'),
    alertmanagerConfig: path.join(d, 'alertmanager.yml'),
    prometheusData: path.join(d, 'prometheus'),
    alertmanagerData: path.join(d, 'alertmanager'),
    rulesDir: path.join(d, 'rules'),
    victoriaMetricsScrapeConfig: path.join(d, 'victoriametrics-scrape.yml'),
    victoriaMetricsData: path.join(d, 'victoriametrics'),
    backfillDir: path.join(d, 'backfill'),
    workloadDir: path.join(d, 'workload'),
    baselineFile: path.join(d, 'workload', 'baseline.json'),
    // The demo ReplicaSets and Argo CD Application for the Kubernetes stand-in
    // (node e2e/standins/kubernetes.mjs --objects <this file>).
    kubernetesObjectsFile: path.join(d, 'workload', 'kubernetes-objects.json'),
    logsDir: path.join(d, 'logs'),
    tracesDir: path.join(d, 'traces'),
    processLogDir: path.join(d, 'log'),
  };
}

export function stackUrlsFor(cfg) {
  return {
    prometheus: `http://${HOST}:${cfg.prometheusPort}`,
    // Prometheus behind a path prefix, as Thanos or Prometheus are served
    // behind an ingress, and the strict variant that answers only what Mimir
    // answers under its /prometheus prefix (prefixProxy.mjs).
    prometheusPrefixed: `http://${HOST}:${cfg.prefixProxyPort}/prometheus`,
    prometheusStrictPrefixed: `http://${HOST}:${cfg.strictPrefixProxyPort}/prometheus`,
    ...(cfg.engines.includes('victoriametrics')
      ? {
          victoriametrics: `http://${HOST}:${cfg.victoriaMetricsPort}`,
          vmalert: `http://${HOST}:${cfg.vmalertPort}`,
        }
      : {}),
    alertmanager: `http://${HOST}:${cfg.alertmanagerPort}`,
    services: Object.fromEntries(
      Object.entries(cfg.servicePorts).map(([s, p]) => [
        s,
        `http://${HOST}:${p}`,
      ]),
    ),
    exporters: Object.fromEntries(
      Object.entries(cfg.exporterPorts).map(([job, p]) => [
        job,
        `http://${HOST}:${p}`,
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(cfg.standinPorts).map(([name, p]) => [
        name,
        `http://${HOST}:${p}`,
      ]),
    ),
  };
}

// ---------------------------------------------------------------------------
// Binaries

const BINARIES = {
  prometheus: { env: 'PROMETHEUS_BIN', names: ['prometheus'] },
  promtool: { env: 'PROMTOOL_BIN', names: ['promtool'] },
  // Debian ships Alertmanager as /usr/bin/prometheus-alertmanager.
  alertmanager: {
    env: 'ALERTMANAGER_BIN',
    names: ['alertmanager', 'prometheus-alertmanager'],
  },
};

/** Debian's victoria-metrics package ships both. */
const ENGINE_BINARIES = {
  victoriametrics: {
    victoriametrics: {
      env: 'VICTORIAMETRICS_BIN',
      names: ['victoria-metrics'],
    },
    vmalert: { env: 'VMALERT_BIN', names: ['vmalert'] },
  },
};
const ENGINE_PACKAGES = { victoriametrics: 'victoria-metrics' };

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds prometheus, promtool and alertmanager, and the binaries of the
 * optional `engines` (env override, then PATH, then /usr/bin and
 * /usr/local/bin). Throws one readable line if any is missing.
 */
export function findBinaries(env = process.env, engines = []) {
  const wanted = {
    ...BINARIES,
    ...Object.assign({}, ...engines.map(e => ENGINE_BINARIES[e])),
  };
  const dirs = [
    ...(env.PATH || '').split(path.delimiter),
    '/usr/bin',
    '/usr/local/bin',
  ].filter(Boolean);
  const found = {};
  const missing = [];
  for (const [key, spec] of Object.entries(wanted)) {
    const override = env[spec.env];
    if (override) {
      if (!isExecutable(override)) {
        throw new Error(`${spec.env}=${override} is not an executable file`);
      }
      found[key] = override;
      continue;
    }
    found[key] = undefined;
    for (const dir of dirs) {
      const hit = spec.names.map(n => path.join(dir, n)).find(isExecutable);
      if (hit) {
        found[key] = hit;
        break;
      }
    }
    if (!found[key]) missing.push(key);
  }
  if (missing.length) {
    const packages = [
      'prometheus',
      'prometheus-alertmanager',
      ...engines.map(e => ENGINE_PACKAGES[e]),
    ];
    throw new Error(
      `missing ${missing.join(
        ', ',
      )}: run \`sudo apt-get install ${packages.join(' ')}\` (or set ${missing
        .map(m => wanted[m].env)
        .join(' / ')})`,
    );
  }
  return found;
}

// ---------------------------------------------------------------------------
// Processes

export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${e.message}`);
  }
}

export function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parens.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

/** True if pid runs (zombies count as gone: nobody may reap them here). */
export function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const st = procStat(pid);
  if (st) return st.state !== 'Z' && st.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * True if pid is still the process we started: it leads its own process group
 * and its command line contains the marker recorded in pids.json. Guards
 * against killing an unrelated process that reused the PID.
 */
export function isOurProcess(proc) {
  if (!isAlive(proc.pid)) return false;
  const st = procStat(proc.pid);
  if (st && st.pgrp !== proc.pid) return false;
  try {
    const cmd = fs
      .readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8')
      .split('\0')
      .join(' ');
    return cmd.includes(proc.marker);
  } catch {
    return true; // no /proc (not Linux): trust the PID
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // kill(-pgid, 0) also succeeds for zombies; look for a live member.
  if (!fs.existsSync('/proc')) return true;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = procStat(Number(entry));
    if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X')
      return true;
  }
  return false;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * Starts a process detached (own session and process group, so stop can
 * signal the whole group) with its output appended to
 * `<processLogDir>/<name>.log`; returns its pids.json entry. `marker` is a
 * part of its command line that tells it apart (see isOurProcess).
 */
export function spawnDetached(p, name, cmd, args, marker, { cwd, env } = {}) {
  fs.mkdirSync(p.processLogDir, { recursive: true });
  const out = fs.openSync(path.join(p.processLogDir, `${name}.log`), 'a');
  const child = spawn(cmd, args, {
    cwd: cwd ?? p.stateDir,
    env: env ?? process.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.unref();
  return { name, pid: child.pid, marker, command: [cmd, ...args].join(' ') };
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 15) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Stops the given processes (each leads its own process group): SIGTERM to
 * the group, wait, SIGKILL after `graceMs`. Only processes that are still
 * ours (see isOurProcess) are signalled.
 */
export async function stopProcesses(
  procs,
  { graceMs = 10_000, log = () => {} } = {},
) {
  const targets = procs.filter(p => {
    if (isOurProcess(p)) return true;
    if (isAlive(p.pid))
      log(`  ${p.name}: pid ${p.pid} is no longer ours, leaving it alone`);
    return false;
  });
  for (const p of targets) {
    try {
      process.kill(-p.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  let pending = targets;
  while (pending.length && Date.now() < deadline) {
    await sleep(100);
    pending = pending.filter(p => groupAlive(p.pid));
  }
  for (const p of pending) {
    log(`  ${p.name}: still running after ${graceMs} ms, sending SIGKILL`);
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const killDeadline = Date.now() + 5000;
  while (pending.length && Date.now() < killDeadline) {
    await sleep(100);
    pending = pending.filter(p => groupAlive(p.pid));
  }
  // Exited processes stay zombies until their parent (init here, since start
  // detached them) reaps them; wait a little so `pgrep` comes back empty.
  const reapDeadline = Date.now() + 5000;
  while (
    Date.now() < reapDeadline &&
    targets.some(p => fs.existsSync(`/proc/${p.pid}`))
  ) {
    await sleep(100);
  }
  return { stopped: targets.length, stuck: pending.map(p => p.name) };
}

// ---------------------------------------------------------------------------
// HTTP and health

/** Minimal GET over node:http (no proxies, no keep-alive). */
export function httpGet(url, { timeoutMs = 2000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)),
    );
    req.on('error', reject);
  });
}

export async function isOk(url, timeoutMs = 2000) {
  try {
    return (await httpGet(url, { timeoutMs })).status === 200;
  } catch {
    return false;
  }
}

/** True if nothing listens on HOST:port. */
export function portFree(port) {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host: HOST, port, exclusive: true }, () =>
      srv.close(() => resolve(true)),
    );
  });
}

/**
 * State of the stack described by pids.json: absent, running and healthy,
 * broken (some process dead or not answering), or incomplete (healthy, but
 * without an add-on the configuration wants; see ADD_ONS).
 */
export async function stackStatus(cfg) {
  const p = stackPaths(cfg);
  const pids = readJson(p.pidsFile);
  if (!pids) return { state: 'absent' };
  const info = readJson(p.stackFile);
  const dead = pids.processes
    .filter(proc => !isOurProcess(proc))
    .map(proc => proc.name);
  if (dead.length)
    return {
      state: 'broken',
      reason: `not running: ${dead.join(', ')}`,
      pids,
      info,
    };
  if (!info)
    return {
      state: 'broken',
      reason: 'stack.json missing (start did not finish)',
      pids,
    };
  const urls = info.urls;
  const missing = Object.keys(STANDINS).filter(name => !urls[name]);
  if (missing.length) {
    return {
      state: 'broken',
      reason: `started without the stand-ins for ${missing.join(', ')}`,
      pids,
      info,
    };
  }
  const checks = [
    [`${urls.prometheus}/-/ready`, 'prometheus'],
    [`${urls.alertmanager}/-/ready`, 'alertmanager'],
    ...Object.entries(urls.services).map(([s, u]) => [`${u}/metrics`, s]),
    // A stack started before the exporters existed runs on without them (and
    // without their history) until it is restarted on purpose.
    ...Object.entries(urls.exporters ?? {}).map(([job, u]) => [
      `${u}/metrics`,
      job,
    ]),
    ...Object.entries(STANDINS).map(([name, s]) => [
      `${urls[name]}${s.ready}`,
      name,
    ]),
    ...ADD_ONS.flatMap(addOn => (urls[addOn.url] ? addOn.ready(urls) : [])),
  ];
  const results = await Promise.all(checks.map(([u]) => isOk(u)));
  const failing = checks.filter((_, i) => !results[i]).map(([, n]) => n);
  if (failing.length) {
    return {
      state: 'broken',
      reason: `not answering: ${failing.join(', ')}`,
      pids,
      info,
    };
  }
  const missingAddOns = ADD_ONS.filter(
    addOn => addOn.wanted(cfg) && !urls[addOn.url],
  ).map(addOn => addOn.name);
  if (missingAddOns.length) {
    return {
      state: 'incomplete',
      reason: `running without ${missingAddOns.join(', ')}`,
      missingAddOns,
      pids,
      info,
    };
  }
  return { state: 'healthy', pids, info };
}

/**
 * Parts that start.mjs can add to a running, healthy stack without
 * restarting it (so a stack started before they existed, or without an
 * optional engine, gains them on the next start): whether the configuration
 * wants them, the stack.json URL that says they run, their readiness checks.
 */
export const ADD_ONS = [
  {
    name: 'prefix-proxy',
    url: 'prometheusPrefixed',
    wanted: () => true,
    ready: urls => [
      [`${urls.prometheusPrefixed}/-/ready`, 'prefix-proxy'],
      // Mimir answers readiness at its root only, not under the prefix.
      [
        `${new URL(urls.prometheusStrictPrefixed).origin}/ready`,
        'prefix-proxy',
      ],
    ],
  },
  {
    name: 'victoriametrics',
    url: 'victoriametrics',
    wanted: cfg => cfg.engines.includes('victoriametrics'),
    ready: urls => [
      [`${urls.victoriametrics}/-/ready`, 'victoriametrics'],
      [`${urls.vmalert}/-/healthy`, 'vmalert'],
    ],
  },
];
