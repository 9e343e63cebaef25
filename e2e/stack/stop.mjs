// Stops the local telemetry stack: exactly the processes recorded in
// <stateDir>/pids.json (each leads its own process group), then removes
// pids.json. Data, logs and configs stay in the state dir for inspection;
// the next start wipes them.

import fs from 'node:fs';
import {
  isAlive,
  readJson,
  stackConfig,
  stackPaths,
  stopProcesses,
} from './lib.mjs';

const log = msg => console.log(`sightline stack: ${msg}`);

async function main() {
  const cfg = stackConfig();
  const p = stackPaths(cfg);
  const pids = readJson(p.pidsFile);
  if (!pids) {
    log(`not running (no ${p.pidsFile})`);
    return;
  }
  const alive = pids.processes.filter(proc => isAlive(proc.pid));
  const { stopped, stuck } = await stopProcesses(pids.processes, { log });
  if (stuck.length) {
    throw new Error(`could not stop ${stuck.join(', ')}; pids.json kept`);
  }
  fs.rmSync(p.pidsFile, { force: true });
  log(
    alive.length
      ? `stopped ${stopped} processes (${pids.processes
          .map(proc => proc.name)
          .join(', ')})`
      : 'was not running (stale pids.json removed)',
  );
}

// A closed stdout (e.g. `| head`) must not turn a finished start into a crash.
process.stdout.on('error', () => {});

main().catch(e => {
  console.error(`sightline stack: ${e.message}`);
  process.exitCode = 1;
});
