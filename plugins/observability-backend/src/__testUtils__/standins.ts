import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fetch } from 'undici';

const STANDINS_DIR = path.dirname(
  require.resolve('@sightline/e2e/standins/lib.mjs'),
);

export type StandinName = 'loki' | 'tempo' | 'jaeger' | 'grafana';

/** A request as a stand-in recorded it (`GET /__standin/requests`). */
export interface StandinRequest {
  at: number;
  method: string;
  path: string;
  /** Query parameters (and form fields), repeated keys kept. */
  params: [string, string][];
  headers: Record<string, string>;
  body: string;
}

export interface Standins {
  urls: Record<StandinName, string>;
  stateDir: string;
  /** What a stand-in received since the last reset. */
  requests(name: StandinName): Promise<StandinRequest[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function startOne(
  name: StandinName | 'kubernetes',
  args: string[],
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(STANDINS_DIR, `${name}.mjs`), '--port', '0', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', d => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${name} stand-in did not start: ${stderr}`));
    }, 20_000);
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`${name} stand-in exited (${code}): ${stderr}`));
    });
    createInterface({ input: child.stdout! }).once('line', line => {
      clearTimeout(timer);
      resolve({ child, url: JSON.parse(line).url });
    });
  });
}

/** Stops a stand-in's process and waits until it has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>(resolve => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts the HTTP stand-ins (e2e/standins) as child processes on free ports,
 * fed from `stateDir` (a fresh temporary directory unless given), so a test
 * has upstreams of its own whose received requests only it sees.
 */
export async function startStandins(
  options: { stateDir?: string; grafanaToken?: string } = {},
): Promise<Standins> {
  const ownDir = !options.stateDir;
  const stateDir =
    options.stateDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-standins-'));
  const names: StandinName[] = ['loki', 'tempo', 'jaeger', 'grafana'];
  const started = await Promise.all(
    names.map(name =>
      startOne(name, [
        '--state-dir',
        stateDir,
        ...(name === 'grafana' && options.grafanaToken
          ? ['--token', options.grafanaToken]
          : []),
      ]),
    ),
  );
  const urls = Object.fromEntries(
    names.map((name, i) => [name, started[i].url]),
  ) as Record<StandinName, string>;
  return {
    urls,
    stateDir,
    async requests(name) {
      const res = await fetch(`${urls[name]}/__standin/requests`);
      return (await res.json()) as StandinRequest[];
    },
    async reset() {
      await Promise.all(
        names.map(name =>
          fetch(`${urls[name]}/__standin/requests`, { method: 'DELETE' }),
        ),
      );
    },
    async stop() {
      await Promise.all(started.map(({ child }) => stopChild(child)));
      if (ownDir) fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The value of the first query parameter called `name`. */
export function param(r: StandinRequest, name: string): string | undefined {
  return r.params.find(([k]) => k === name)?.[1];
}

/** The Kubernetes API stand-in (e2e/standins/kubernetes.mjs) in a child process. */
export interface KubernetesStandin {
  url: string;
  /** Replaces the cluster's objects (`PUT /__standin/objects`). */
  load(objects: object[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startKubernetesStandin(
  options: { token?: string } = {},
): Promise<KubernetesStandin> {
  const { child, url } = await startOne(
    'kubernetes',
    options.token ? ['--token', options.token] : [],
  );
  return {
    url,
    async load(objects) {
      const res = await fetch(`${url}/__standin/objects`, {
        method: 'PUT',
        headers: options.token
          ? { authorization: `Bearer ${options.token}` }
          : {},
        body: JSON.stringify(objects),
      });
      if (!res.ok) {
        throw new Error(
          `Kubernetes stand-in refused objects: ${await res.text()}`,
        );
      }
    },
    stop: () => stopChild(child),
  };
}
