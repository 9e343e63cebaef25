// Shared plumbing of the production-shaped topology (see README.md):
// configuration from the environment, file layout, binaries and the
// PostgreSQL server. start.mjs, stop.mjs and index.mjs all use it.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { E2E_DIR, HOST, portFromEnv, readJson } from '../stack/lib.mjs';

export const SCALE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(E2E_DIR, '..');
export const BACKEND_DIR = path.join(REPO_DIR, 'packages', 'backend');

/** The two replicas, by name; each listens on the LB's port + 1, + 2. */
export const REPLICAS = ['replica-a', 'replica-b'];

/** Configuration from the environment (see README.md for the variables). */
export function scaleConfig(env = process.env) {
  const base = portFromEnv(env, 'SIGHTLINE_SCALE_PORT_BASE', 7100);
  return {
    stateDir: path.resolve(
      env.SIGHTLINE_SCALE_DIR || path.join(E2E_DIR, '.scale'),
    ),
    lbPort: base,
    replicaPorts: Object.fromEntries(REPLICAS.map((r, i) => [r, base + 1 + i])),
    prometheusProxyPort: base + 9,
    redisPort: portFromEnv(env, 'SIGHTLINE_SCALE_REDIS_PORT', 6391),
    postgresPort: portFromEnv(env, 'SIGHTLINE_SCALE_POSTGRES_PORT', 5440),
  };
}

/** Where everything lives inside the state directory. */
export function scalePaths(cfg) {
  const d = cfg.stateDir;
  return {
    stateDir: d,
    pidsFile: path.join(d, 'pids.json'),
    scaleFile: path.join(d, 'scale.json'),
    appConfig: path.join(d, 'app-config.scale.yaml'),
    nginxDir: path.join(d, 'nginx'),
    nginxConfig: path.join(d, 'nginx', 'nginx.conf'),
    redisDir: path.join(d, 'redis'),
    postgresDir: path.join(d, 'postgres'),
    postgresData: path.join(d, 'postgres', 'data'),
    processLogDir: path.join(d, 'log'),
    proxyLog: path.join(d, 'log', 'prometheus-requests.jsonl'),
    nginxAccessLog: path.join(d, 'log', 'nginx-access.jsonl'),
  };
}

export function scaleUrls(cfg) {
  return {
    lb: `http://${HOST}:${cfg.lbPort}`,
    replicas: Object.fromEntries(
      Object.entries(cfg.replicaPorts).map(([r, port]) => [
        r,
        `http://${HOST}:${port}`,
      ]),
    ),
    prometheusProxy: `http://${HOST}:${cfg.prometheusProxyPort}`,
    redis: `redis://${HOST}:${cfg.redisPort}`,
    postgres: `postgresql://postgres@${HOST}:${cfg.postgresPort}/postgres`,
  };
}

// ---------------------------------------------------------------------------
// Binaries (Debian: nginx, redis-server, postgresql)

function executable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name, env) {
  const dirs = [
    ...(env.PATH || '').split(path.delimiter),
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/sbin',
    '/usr/local/bin',
  ].filter(Boolean);
  return dirs.map(dir => path.join(dir, name)).find(executable);
}

/** PostgreSQL's server binaries: the newest /usr/lib/postgresql/<v>/bin. */
function postgresBin() {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(v => executable(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  return versions.length
    ? path.join(root, versions[versions.length - 1], 'bin')
    : undefined;
}

/** nginx, redis-server and PostgreSQL's bin dir; one readable line if any is missing. */
export function findScaleBinaries(env = process.env) {
  const found = {
    nginx: onPath('nginx', env),
    redis: onPath('redis-server', env),
    postgresBin: postgresBin(),
  };
  const missing = [
    !found.nginx && 'nginx',
    !found.redis && 'redis-server',
    !found.postgresBin && 'postgresql',
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `missing ${missing.join(', ')}: run \`sudo apt-get install ${missing.join(
        ' ',
      )}\``,
    );
  }
  return found;
}

// ---------------------------------------------------------------------------
// PostgreSQL: Debian's server binaries, our own data dir and port, run by
// pg_ctl like scripts/lib/postgres.sh (the postmaster leads its own session).

const run = promisify(execFile);

/** PostgreSQL refuses to run as root: as root, run it as the postgres user. */
function asPostgres(cmd, args) {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
    : [cmd, args];
}

function pgCtl(bins, p, args) {
  const [cmd, argv] = asPostgres(path.join(bins.postgresBin, 'pg_ctl'), [
    '-D',
    p.postgresData,
    ...args,
  ]);
  return run(cmd, argv, {
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
    timeout: 60_000,
  });
}

/** A fresh cluster in the state dir (trust auth on 127.0.0.1 only). */
export async function initPostgres(bins, p) {
  fs.mkdirSync(p.postgresDir, { recursive: true });
  if (process.getuid?.() === 0) {
    await run('chown', ['postgres:', p.postgresDir]);
  }
  const [cmd, argv] = asPostgres(path.join(bins.postgresBin, 'initdb'), [
    '-D',
    p.postgresData,
    '-U',
    'postgres',
    '--auth=trust',
  ]);
  await run(cmd, argv, {
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
    timeout: 60_000,
  }).catch(e => {
    throw new Error(`initdb failed: ${e.stderr || e.message}`);
  });
}

/** Starts the cluster, waits until it accepts connections; its pids.json entry. */
export async function startPostgres(bins, cfg, p) {
  await pgCtl(bins, p, [
    '-l',
    path.join(p.postgresDir, 'postgres.log'),
    '-w',
    '-o',
    `-p ${cfg.postgresPort} -k ${p.postgresDir} -c listen_addresses=${HOST}`,
    'start',
  ]).catch(e => {
    throw new Error(
      `PostgreSQL did not start (see ${p.postgresDir}/postgres.log): ${
        e.stderr || e.message
      }`,
    );
  });
  const pid = Number(
    fs
      .readFileSync(path.join(p.postgresData, 'postmaster.pid'), 'utf8')
      .split('\n')[0],
  );
  return { name: 'postgres', pid, marker: p.postgresData, command: 'pg_ctl' };
}

/** Fast shutdown: open sessions are ended, as a database restart ends them. */
export async function stopPostgres(bins, p) {
  if (!fs.existsSync(path.join(p.postgresData, 'postmaster.pid'))) return;
  await pgCtl(bins, p, ['-m', 'fast', '-w', 'stop']);
}

/** pids.json with one entry replaced (by name). */
export function replaceProcess(p, entry) {
  const pids = readJson(p.pidsFile);
  pids.processes = pids.processes.map(proc =>
    proc.name === entry.name ? entry : proc,
  );
  return pids;
}
