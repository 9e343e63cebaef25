#!/usr/bin/env node
// The install test: packs the six plugin packages, creates brand-new Backstage
// apps with each supported release's @backstage/create-app (new and legacy
// frontend system), installs the tarballs by running the root README's install
// steps, starts each app against the local telemetry stack and proves in
// Chromium that the checkout service's Observability tab draws its charts.
// See README.md beside this file for what it needs and its options.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  applyDiff,
  diffTarget,
  installFromTarballs,
  installSteps,
  topLevelSection,
  yamlTarget,
} from './readme.mjs';

const INSTALL_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(INSTALL_DIR, '../..');
const LOCKFILES = path.join(INSTALL_DIR, 'lockfiles');
const RESULTS = path.join(ROOT, 'e2e/test-results/install');

/**
 * The supported Backstage releases and the create-app that made their apps
 * (its templates carry the release's package versions): the release in
 * backstage.json first, then the one before it. `mirrorGaps`: versions of the
 * release that the registry mirror lacks (YN0082), each replaced by the next
 * patch it has (`npm view <package> versions`).
 */
const RELEASES = [
  { backstage: '1.55.0', createApp: '0.9.2', mirrorGaps: {} },
  {
    backstage: '1.54.0',
    createApp: '0.9.1',
    mirrorGaps: {
      '@backstage/plugin-kubernetes-backend': '0.21.9',
      '@backstage/plugin-org': '0.7.8',
    },
  },
];
const FRONTENDS = ['new', 'legacy'];
/** Not the example app's 3000 and 7007, nor the stack's stand-ins. */
const PORTS = { app: 3400, backend: 7400 };
const APP_START_TIMEOUT_MS = 8 * 60_000;

const { values: options } = parseArgs({
  options: {
    release: { type: 'string', multiple: true },
    frontend: { type: 'string', multiple: true },
    tarballs: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'update-lockfiles': { type: 'boolean', default: false },
  },
});

const startedAt = Date.now();
function log(message) {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[install ${seconds}s] ${message}`);
}

/** Runs a command to completion, its output passed through; throws if it fails. */
function run(command, args, { cwd = ROOT, env = {} } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with ${
        result.error ?? `exit code ${result.status}`
      }`,
    );
  }
}

function selected(values, all, what) {
  if (!values || values.includes('all')) return all;
  for (const value of values) {
    if (!all.includes(value)) {
      throw new Error(`--${what} ${value}: one of ${all.join(', ')} or all`);
    }
  }
  return all.filter(value => values.includes(value));
}

function checkReleasesMatchBackstageJson() {
  const { version } = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'backstage.json'), 'utf8'),
  );
  if (version !== RELEASES[0].backstage) {
    throw new Error(
      `backstage.json is at ${version} but the install test's newest release is ${RELEASES[0].backstage}: ` +
        `add ${version} with its @backstage/create-app version to RELEASES in e2e/install/run.mjs, ` +
        'keep the release before it, and state both in the README',
    );
  }
}

/** The published packages: every workspace under plugins/. */
function pluginPackageNames() {
  const plugins = path.join(ROOT, 'plugins');
  return fs
    .readdirSync(plugins)
    .map(dir => path.join(plugins, dir, 'package.json'))
    .filter(manifest => fs.existsSync(manifest))
    .map(manifest => JSON.parse(fs.readFileSync(manifest, 'utf8')).name);
}

/** Builds and packs every plugin package into `dir`, as `yarn npm publish` would. */
function pack(dir) {
  log('Packing the plugin packages (tsc, build, yarn pack)');
  // The packages' type declarations are built from tsc's dist-types.
  run('yarn', ['tsc']);
  run('yarn', ['backstage-cli', 'repo', 'build']);
  run('yarn', [
    'workspaces',
    'foreach',
    '--all',
    '--include',
    '@sightline/plugin-*',
    'pack',
    '--out',
    path.join(dir, '%s-%v.tgz'),
  ]);
}

/** Package name → tarball, read from each tarball's own package.json. */
function readTarballs(dir) {
  const tarballs = new Map();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
    const tarball = path.join(dir, file);
    const manifest = spawnSync(
      'tar',
      ['-xzOf', tarball, 'package/package.json'],
      { encoding: 'utf8' },
    );
    if (manifest.status !== 0) throw new Error(`${tarball}: no package.json`);
    tarballs.set(JSON.parse(manifest.stdout).name, tarball);
  }
  const missing = pluginPackageNames().filter(name => !tarballs.has(name));
  if (missing.length > 0) {
    throw new Error(`no tarball in ${dir} for ${missing.join(', ')}`);
  }
  return tarballs;
}

function lockfileFor(caseName) {
  return path.join(LOCKFILES, `${caseName}.yarn.lock`);
}

/**
 * What this machine needs and a user's does not: the registry here is a
 * mirror with gaps (pinned in the root package.json's resolutions) and
 * nothing else is reachable. Also what keeps four installs within CI's time:
 * one committed lockfile per case, hard links into Yarn's global store instead
 * of unpacking 2 GB per app, and no install scripts (the app's native modules
 * ship prebuilt binaries or are not used).
 */
function prepareForThisMachine(app, release, caseName, tarballs) {
  const yarnrc = path.join(app, '.yarnrc.yml');
  const settings = fs
    .readFileSync(yarnrc, 'utf8')
    .split('\n')
    // Yarn's age gate fails installs from the mirror.
    .filter(line => !line.startsWith('npmMinimalAgeGate:'))
    .join('\n')
    .trimEnd();
  fs.writeFileSync(
    yarnrc,
    `${settings}
# Added by the install test (e2e/install/run.mjs); @types look-ups go to
# Algolia, which is unreachable here.
tsEnableAutoTypes: false
enableScripts: false
nmMode: hardlinks-global
`,
  );

  const manifestPath = path.join(app, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const { resolutions: mirrorPins } = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  );
  manifest.resolutions = {
    ...manifest.resolutions,
    ...mirrorPins,
    ...releasePins(app, release),
    // The packages depend on each other by version; none is on a registry yet.
    ...Object.fromEntries(
      [...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]),
    ),
  };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  const lockfile = lockfileFor(caseName);
  if (fs.existsSync(lockfile)) {
    fs.copyFileSync(lockfile, path.join(app, 'yarn.lock'));
  } else {
    log(
      `${caseName}: no ${path.relative(
        ROOT,
        lockfile,
      )}, resolving from the registry (--update-lockfiles saves one)`,
    );
  }
}

/**
 * create-app writes `^<release version>` for every Backstage package the app
 * uses, and a registry moves on: resolved today, `^0.3.19` of a plugin is a
 * later release's version that needs a later backend-defaults than the app's.
 * A real app has those ranges locked at its release's versions; so does this
 * one (`"@backstage/x@^1.2.3": "1.2.3"`), while Sightline's own ranges resolve
 * as they would in that app.
 */
function releasePins(app, release) {
  const pins = {};
  for (const workspace of ['.', 'packages/app', 'packages/backend']) {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(app, workspace, 'package.json'), 'utf8'),
    );
    for (const [name, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.devDependencies,
    })) {
      if (name.startsWith('@backstage/') && range.startsWith('^')) {
        pins[`${name}@${range}`] = release.mirrorGaps[name] ?? range.slice(1);
      }
    }
  }
  return pins;
}

/**
 * The app's lockfile without what changes every run: the tarballs (their
 * paths and checksums) and the workspaces that name them.
 */
function saveLockfile(app, caseName) {
  const blocks = fs
    .readFileSync(path.join(app, 'yarn.lock'), 'utf8')
    .split(/\n\n(?=\S)/);
  const kept = blocks.filter(block => {
    const key = block.split('\n')[0];
    return !key.includes('@sightline/') && !key.includes('@workspace:');
  });
  fs.mkdirSync(LOCKFILES, { recursive: true });
  fs.writeFileSync(lockfileFor(caseName), `${kept.join('\n\n').trimEnd()}\n`);
  log(`${caseName}: saved ${path.relative(ROOT, lockfileFor(caseName))}`);
}

function applyReadmeSteps(app, frontend, tarballs) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const steps = installSteps(readme, frontend);
  if (steps.length === 0) {
    throw new Error(`README.md has no install steps for the ${frontend} app`);
  }
  for (const step of steps) {
    log(`README line ${step.line}: ${step.language} step`);
    try {
      if (step.language === 'sh') {
        run(
          'bash',
          ['-euo', 'pipefail', '-c', installFromTarballs(step.body, tarballs)],
          {
            cwd: app,
            // `yarn add` changes the lockfile, which Yarn forbids under CI by default.
            env: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
          },
        );
      } else if (step.language === 'diff') {
        const file = path.join(app, diffTarget(step.body));
        fs.writeFileSync(
          file,
          applyDiff(fs.readFileSync(file, 'utf8'), step.body),
        );
      } else {
        fs.appendFileSync(
          path.join(app, yamlTarget(step.body)),
          `\n${step.body}`,
        );
      }
    } catch (error) {
      throw new Error(`README line ${step.line}: ${error.message}`);
    }
  }
}

/**
 * app-config.local.yaml, which `yarn start` reads after app-config.yaml: this
 * machine's ports, the demo's entities, and the local telemetry stack exactly
 * as the example app is configured for it.
 */
function writeLocalConfig(app) {
  const exampleConfig = fs.readFileSync(
    path.join(ROOT, 'app-config.yaml'),
    'utf8',
  );
  const entities = path.join(ROOT, 'examples/entities');
  fs.writeFileSync(
    path.join(app, 'app-config.local.yaml'),
    `# Written by the install test (e2e/install/run.mjs).
app:
  baseUrl: http://localhost:${PORTS.app}
backend:
  baseUrl: http://localhost:${PORTS.backend}
  listen:
    port: ${PORTS.backend}
  cors:
    origin: http://localhost:${PORTS.app}
catalog:
  locations:
    - type: file
      target: ${path.join(entities, 'shop.yaml')}
    - type: file
      target: ${path.join(entities, 'org.yaml')}
      rules:
        - allow: [User, Group]
${topLevelSection(exampleConfig, 'observability')}`,
  );
}

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every process group this run started and has not stopped yet. */
const runningApps = new Set();

/**
 * `yarn start` in a process group of its own, so that stopping it ends the
 * frontend dev server and the backend it starts too.
 */
function startApp(app, caseName) {
  const logFile = path.join(RESULTS, `${caseName}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn('yarn', ['start'], {
    cwd: app,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise(resolve => child.once('exit', resolve));
  const server = {
    logFile,
    exited,
    async stop() {
      runningApps.delete(server);
      signalGroup(child.pid, 'SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise(resolve => setTimeout(resolve, 15_000, false)),
      ]);
      // The group's other processes may outlive its leader; end them all.
      signalGroup(child.pid, 'SIGKILL');
      if (!stopped) await exited;
    },
  };
  runningApps.add(server);
  return server;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function waitForApp(server) {
  const deadline = Date.now() + APP_START_TIMEOUT_MS;
  const urls = [
    `http://localhost:${PORTS.backend}/.backstage/health/v1/readiness`,
    `http://localhost:${PORTS.app}/`,
  ];
  let exitCode;
  server.exited.then(code => {
    exitCode = code ?? 'a signal';
  });
  for (const url of urls) {
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(
          `yarn start exited with ${exitCode} before ${url} answered; see ${server.logFile}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${url} did not answer within ${
            APP_START_TIMEOUT_MS / 60_000
          } minutes; see ${server.logFile}`,
        );
      }
      const ok = await fetch(url, { signal: AbortSignal.timeout(30_000) }).then(
        res => res.ok,
        () => false,
      );
      if (ok) break;
      await new Promise(resolve => setTimeout(resolve, 2_000));
    }
  }
}

async function installAndCheck(release, frontend, work, tarballs) {
  const caseName = `backstage-${release.backstage}-${frontend}`;
  const app = path.join(work, caseName);
  log(`${caseName}: npx @backstage/create-app@${release.createApp}`);
  run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${release.createApp}`,
      '--path',
      app,
      '--skip-install',
      ...(frontend === 'legacy' ? ['--legacy'] : []),
    ],
    { env: { BACKSTAGE_APP_NAME: 'sightline-install' } },
  );
  prepareForThisMachine(app, release, caseName, tarballs);
  applyReadmeSteps(app, frontend, tarballs);
  writeLocalConfig(app);

  for (const port of Object.values(PORTS)) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} is in use; stop what listens there`);
    }
  }
  log(
    `${caseName}: yarn start (frontend :${PORTS.app}, backend :${PORTS.backend})`,
  );
  const server = startApp(app, caseName);
  try {
    await waitForApp(server);
    log(`${caseName}: Chromium`);
    run(
      'yarn',
      ['playwright', 'test', '-c', 'e2e/install/playwright.config.ts'],
      {
        env: {
          SIGHTLINE_INSTALL_APP_URL: `http://localhost:${PORTS.app}`,
          SIGHTLINE_INSTALL_CASE: caseName,
        },
      },
    );
  } finally {
    await server.stop();
  }
  if (options['update-lockfiles']) saveLockfile(app, caseName);
}

async function main() {
  checkReleasesMatchBackstageJson();
  const releases = selected(
    options.release,
    RELEASES.map(r => r.backstage),
    'release',
  ).map(version => RELEASES.find(r => r.backstage === version));
  const frontends = selected(options.frontend, FRONTENDS, 'frontend');

  fs.mkdirSync(RESULTS, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-install-'));
  const outcomes = [];
  try {
    let tarballDir = options.tarballs && path.resolve(options.tarballs);
    if (!tarballDir) {
      tarballDir = path.join(work, 'tarballs');
      pack(tarballDir);
    }
    const tarballs = readTarballs(tarballDir);
    log(
      `Tarballs: ${[...tarballs.values()]
        .map(t => path.basename(t))
        .join(', ')}`,
    );

    for (const release of releases) {
      for (const frontend of frontends) {
        const caseName = `backstage-${release.backstage}-${frontend}`;
        const caseStart = Date.now();
        let error;
        try {
          await installAndCheck(release, frontend, work, tarballs);
        } catch (caught) {
          error = caught;
          log(`${caseName}: FAILED: ${error.message}`);
        }
        if (!options.keep) {
          fs.rmSync(path.join(work, caseName), {
            recursive: true,
            force: true,
          });
        }
        const seconds = Math.round((Date.now() - caseStart) / 1000);
        outcomes.push({ caseName, error, seconds });
      }
    }
  } finally {
    if (options.keep) log(`Kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }

  for (const { caseName, error, seconds } of outcomes) {
    console.log(`${caseName}: ${error ? 'FAILED' : 'ok'} (${seconds} s)`);
  }
  const failed = outcomes.filter(o => o.error).length;
  log(`install test: ${outcomes.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await Promise.all([...runningApps].map(server => server.stop()));
    process.exit(1);
  });
}

main().catch(async error => {
  await Promise.all([...runningApps].map(server => server.stop()));
  console.error(`install test: ${error.message}`);
  process.exitCode = 1;
});
