// Programmatic access to the local telemetry stack for tests and scripts.
//
//   import { ensureStack, stackUrls, stopStack } from '<repo>/e2e/stack/index.mjs';
//   const stack = await ensureStack(); // starts it unless it is already healthy
//   stack.urls.prometheus              // http://127.0.0.1:9090
//
// Also a CLI, for callers that cannot import ESM (e.g. Jest with SWC):
//   node e2e/stack/index.mjs ensure|status|urls|stop   (prints JSON on stdout)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  STACK_DIR,
  readJson,
  stackConfig,
  stackPaths,
  stackStatus,
  stackUrlsFor,
} from './lib.mjs';

export { stackConfig, stackPaths } from './lib.mjs';

/**
 * URLs of the stack: those of the running stack if there is one (from
 * stack.json), else those the environment configures.
 */
export function stackUrls(env = process.env) {
  const cfg = stackConfig(env);
  const p = stackPaths(cfg);
  const info = fs.existsSync(p.pidsFile) ? readJson(p.stackFile) : undefined;
  return info?.urls ?? stackUrlsFor(cfg);
}

/** 'absent' | 'healthy' | 'broken', and stack.json's contents if any. */
export async function getStackStatus(env = process.env) {
  const st = await stackStatus(stackConfig(env));
  return { state: st.state, reason: st.reason, info: st.info };
}

function runScript(script, { env, timeoutMs, stdio }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(STACK_DIR, script)], {
      env,
      stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', d => (output += d));
    child.stderr?.on('data', d => (output += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('exit', code => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(new Error(`${script} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/**
 * Makes sure the stack runs: returns stack.json's contents (urls, anchorMs,
 * history window, incidents, ...) plus `started`: true if this call started
 * it, false if a healthy stack was already running.
 */
export async function ensureStack({
  env = process.env,
  timeoutMs = 180_000,
  stdio = 'pipe',
} = {}) {
  const cfg = stackConfig(env);
  const before = await stackStatus(cfg);
  if (before.state === 'healthy') return { ...before.info, started: false };
  await runScript('start.mjs', { env, timeoutMs, stdio });
  const after = await stackStatus(cfg);
  if (after.state !== 'healthy') {
    throw new Error(
      `stack started but is not healthy: ${after.reason ?? after.state}`,
    );
  }
  return { ...after.info, started: true };
}

/** Stops the stack (no-op if it is not running). */
export async function stopStack({
  env = process.env,
  timeoutMs = 60_000,
  stdio = 'pipe',
} = {}) {
  await runScript('stop.mjs', { env, timeoutMs, stdio });
}

async function cli(command) {
  const out = v => process.stdout.write(`${JSON.stringify(v)}\n`);
  switch (command) {
    case 'ensure':
      return out(await ensureStack({ stdio: 'pipe' }));
    case 'status':
      return out(await getStackStatus());
    case 'urls':
      return out(stackUrls());
    case 'stop':
      await stopStack();
      return out({ stopped: true });
    default:
      throw new Error('usage: node index.mjs ensure|status|urls|stop');
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  cli(process.argv[2]).catch(e => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
