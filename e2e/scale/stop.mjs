// Stops the production-shaped topology: exactly the processes recorded in
// <stateDir>/pids.json (each leads its own process group), PostgreSQL last
// and through pg_ctl, then removes pids.json. Data and logs stay in the state
// dir for inspection; the next start wipes them.

import fs from 'node:fs';
import { isAlive, readJson, stopProcesses } from '../stack/lib.mjs';
import {
  findScaleBinaries,
  scaleConfig,
  scalePaths,
  stopPostgres,
} from './lib.mjs';

const log = msg => console.log(`sightline scale: ${msg}`);

async function main() {
  const p = scalePaths(scaleConfig());
  const pids = readJson(p.pidsFile);
  if (!pids) {
    log(`not running (no ${p.pidsFile})`);
    return;
  }
  const alive = pids.processes.filter(proc => isAlive(proc.pid));
  // The replicas go first, so that PostgreSQL ends no session of theirs.
  const { stuck } = await stopProcesses(
    pids.processes.filter(proc => proc.name !== 'postgres'),
    { log },
  );
  await stopPostgres(findScaleBinaries(), p);
  if (stuck.length) {
    throw new Error(`could not stop ${stuck.join(', ')}; pids.json kept`);
  }
  fs.rmSync(p.pidsFile, { force: true });
  log(
    alive.length
      ? `stopped ${alive.map(proc => proc.name).join(', ')}`
      : 'was not running (stale pids.json removed)',
  );
}

process.stdout.on('error', () => {});

main().catch(e => {
  console.error(`sightline scale: ${e.message}`);
  process.exitCode = 1;
});
