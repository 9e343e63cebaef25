// The production-shaped topology for tests and scripts that cannot import
// ESM (Jest with SWC): a CLI that prints JSON on stdout.
//
//   node e2e/scale/index.mjs status
//   node e2e/scale/index.mjs restart-postgres <down-ms>   fast shutdown, wait, start
//   node e2e/scale/index.mjs sql <database> <statement>   the rows, as a JSON array
//                                 (a SELECT, or a change with RETURNING)
//   node e2e/scale/index.mjs exec <database> <script>     statements without rows

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOST, isOurProcess, readJson, writeJson } from '../stack/lib.mjs';
import {
  findScaleBinaries,
  replaceProcess,
  scaleConfig,
  scalePaths,
  startPostgres,
  stopPostgres,
} from './lib.mjs';

const run = promisify(execFile);

async function status() {
  const p = scalePaths(scaleConfig());
  const pids = readJson(p.pidsFile);
  const info = fs.existsSync(p.scaleFile) ? readJson(p.scaleFile) : undefined;
  return {
    state: !pids ? 'absent' : info ? 'running' : 'starting',
    processes: (pids?.processes ?? []).map(proc => ({
      name: proc.name,
      pid: proc.pid,
      alive: isOurProcess(proc),
    })),
    info,
  };
}

/** A database restart as an operator or a failover makes one. */
async function restartPostgres(downMs) {
  const cfg = scaleConfig();
  const p = scalePaths(cfg);
  const bins = findScaleBinaries();
  const stoppingAt = Date.now();
  await stopPostgres(bins, p);
  const stoppedAt = Date.now();
  await new Promise(r => setTimeout(r, downMs));
  const entry = await startPostgres(bins, cfg, p);
  writeJson(p.pidsFile, replaceProcess(p, entry));
  return { stoppingAt, stoppedAt, startedAt: Date.now(), pid: entry.pid };
}

function psql(database, script) {
  const cfg = scaleConfig();
  const { postgresBin } = findScaleBinaries();
  return run(
    path.join(postgresBin, 'psql'),
    [
      '-h',
      HOST,
      '-p',
      String(cfg.postgresPort),
      '-U',
      'postgres',
      '-d',
      database,
      '-v',
      'ON_ERROR_STOP=1',
      '-At',
      '-c',
      script,
    ],
    { timeout: 30_000 },
  );
}

async function sql(database, statement) {
  const { stdout } = await psql(
    database,
    `WITH r AS (${statement}) SELECT coalesce(json_agg(row_to_json(r)), '[]') FROM r`,
  );
  return JSON.parse(stdout);
}

async function cli([command, ...args]) {
  const out = v => process.stdout.write(`${JSON.stringify(v)}\n`);
  switch (command) {
    case 'status':
      return out(await status());
    case 'restart-postgres':
      return out(await restartPostgres(Number(args[0] ?? 5000)));
    case 'sql':
      return out(await sql(args[0], args[1]));
    case 'exec':
      await psql(args[0], args[1]);
      return out({ done: true });
    default:
      throw new Error(
        'usage: node index.mjs status | restart-postgres <down-ms> | sql <database> <statement> | exec <database> <script>',
      );
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  cli(process.argv.slice(2)).catch(e => {
    console.error(e.stderr || e.message);
    process.exitCode = 1;
  });
}
