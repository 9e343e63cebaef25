#!/usr/bin/env node
// Refreshes every PNG in docs/screenshots with one command:
//
//   flock /tmp/e2e.lock yarn screenshots [playwright options]
//
// The screenshots are taken by the end-to-end specs that show each screen
// (they write into docs/screenshots as they pass), so this runs exactly the
// specs that name that folder, against the running example app and local
// stack like `yarn test:e2e`. It then fails, naming them, if any PNG in the
// folder was not rewritten: a screenshot no spec takes any more, or one whose
// test failed or was skipped, would otherwise stay behind looking current.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const TESTS = path.join(ROOT, 'e2e', 'tests');

const specs = fs
  .readdirSync(TESTS)
  .filter(name => name.endsWith('.spec.ts'))
  .filter(name =>
    fs
      .readFileSync(path.join(TESTS, name), 'utf8')
      .includes('docs/screenshots'),
  )
  .sort()
  .map(name => path.join('e2e', 'tests', name));

// File times have coarser resolution on some filesystems than Date.now().
const startedAt = Date.now() - 1000;
const run = spawnSync(
  'yarn',
  ['test:e2e', ...specs, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);

const stale = fs
  .readdirSync(SCREENSHOTS)
  .filter(name => name.endsWith('.png'))
  .filter(name => fs.statSync(path.join(SCREENSHOTS, name)).mtimeMs < startedAt)
  .sort();
if (stale.length > 0) {
  process.stderr.write(
    `Not refreshed (a failed or skipped test, or no spec takes them any more):\n${stale
      .map(name => `  docs/screenshots/${name}\n`)
      .join('')}`,
  );
}
process.exit(run.status !== 0 || stale.length > 0 ? 1 : 0);
