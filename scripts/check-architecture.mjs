#!/usr/bin/env node
// Keeps the packages' structure honest, in CI (scripts/test.sh):
//  1. no import cycles in any package's src, type-only imports included
//     (dpdm without -T: a cycle through `import type` still ties two
//     modules' designs together);
//  2. no dead code or dependency drift: knip, configured for Backstage
//     packages in .knip.jsonc, fails on unused files, unused or unlisted
//     dependencies, unresolved imports and unused exports.
// Duplicate code is not checked here: no copy-paste detector (jscpd or
// similar) is installed in this repository.
//
// Usage: node scripts/check-architecture.mjs
// Exits 1 naming every finding; 0 when both checks are clean.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = name => join(root, 'node_modules', '.bin', name);
const SOURCES = ['plugins/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.{ts,tsx}'];
const KNIP_ISSUE_TYPES = [
  'files',
  'dependencies',
  'unlisted',
  'unresolved',
  'binaries',
  'exports',
  'types',
  'nsExports',
  'nsTypes',
  'enumMembers',
  'duplicates',
];

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

/** Returns the cycles dpdm finds, each as the list of files around it. */
function findImportCycles() {
  const dir = mkdtempSync(join(tmpdir(), 'check-architecture-'));
  try {
    const output = join(dir, 'dpdm.json');
    const result = run(bin('dpdm'), [
      '--no-tree',
      '--no-warning',
      '--no-progress',
      '--no-circular',
      '--output',
      output,
      ...SOURCES,
    ]);
    if (result.status !== 0) {
      throw new Error(
        `dpdm failed (exit ${result.status}):\n${result.stdout}${result.stderr}`,
      );
    }
    return JSON.parse(readFileSync(output, 'utf8')).circulars;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkImportCycles() {
  console.log(
    `== Import cycles (dpdm, type imports included) in ${SOURCES.join(' ')}`,
  );
  const cycles = findImportCycles();
  if (cycles.length === 0) {
    console.log('none');
    return true;
  }
  console.log(`${cycles.length} import cycle(s); break each one:`);
  cycles.forEach((cycle, i) => {
    console.log(`  ${i + 1}) ${[...cycle, cycle[0]].join('\n     -> ')}`);
  });
  return false;
}

function checkDeadCode() {
  console.log(
    `\n== Unused files, dependencies and exports (knip, .knip.jsonc)`,
  );
  const result = run(bin('knip'), [
    '--config',
    '.knip.jsonc',
    // The Backstage packages; the root workspace only counts as their user.
    '--workspace',
    './plugins/*',
    '--workspace',
    './packages/*',
    '--no-progress',
    '--no-config-hints',
    // One line per file with the whole path; the default reporter cuts
    // long paths to the terminal's width.
    '--reporter',
    'compact',
    '--include',
    KNIP_ISSUE_TYPES.join(','),
  ]);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  // knip exits 1 when it found issues, 2 when it could not run.
  if (result.status === 0) {
    console.log('none');
    return true;
  }
  if (result.status !== 1) {
    throw new Error(`knip failed to run (exit ${result.status})`);
  }
  return false;
}

const cyclesClean = checkImportCycles();
const deadCodeClean = checkDeadCode();
if (!cyclesClean || !deadCodeClean) {
  console.log(
    '\narchitecture check FAILED: ' +
      [!cyclesClean && 'import cycles', !deadCodeClean && 'knip findings']
        .filter(Boolean)
        .join(', '),
  );
  process.exit(1);
}
console.log('\narchitecture check: ok');
