// Builds each published package (plugins/*), packs it the way
// `yarn npm publish` does (backstage-cli prepack, workspace: ranges resolved)
// and asks `npm publish --dry-run` whether it would publish the tarball,
// printing what is in it. Fails when the plugin metadata is out of date
// (`backstage-cli repo fix --publish`), when npm refuses, when a package is
// private, when a manifest has a workspace: range or names a private
// workspace package (published manifests must install from the registry
// alone), or when an entry point it declares is missing from the tarball.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];
const ENTRY_POINT_FIELDS = ['main', 'module', 'types', 'configSchema'];

function run(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function problemsOf(manifest, files, privateNames) {
  const problems = [];
  // npm publish refuses it, but --dry-run does not say so.
  if (manifest.private) problems.push('it is private');
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) {
        problems.push(`${field}.${name} is '${range}'`);
      }
      if (privateNames.has(name)) {
        problems.push(`${field}.${name} is a private workspace package`);
      }
    }
  }
  for (const field of ENTRY_POINT_FIELDS) {
    const path = manifest[field]?.replace(/^\.\//, '');
    if (path && !files.includes(path)) {
      problems.push(`${field} '${path}' is not in the tarball`);
    }
  }
  return problems;
}

const workspaces = run('yarn', ['workspaces', 'list', '--json'])
  .trim()
  .split('\n')
  .map(line => JSON.parse(line).location)
  .map(dir => ({
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')),
  }));
const privateNames = new Set(
  workspaces.filter(w => w.manifest.private).map(w => w.manifest.name),
);

const out = mkdtempSync(join(tmpdir(), 'sightline-publish-'));
let failed = false;
try {
  // backstage.pluginId/pluginPackages must list every package of the plugin.
  execFileSync(
    'yarn',
    ['backstage-cli', 'repo', 'fix', '--publish', '--check'],
    { stdio: 'inherit' },
  );
  for (const { dir } of workspaces.filter(w => w.dir.startsWith('plugins/'))) {
    console.log(`--- ${dir}`);
    const tarball = join(out, `${basename(dir)}.tgz`);
    run('yarn', ['backstage-cli', 'package', 'build'], dir);
    run('yarn', ['pack', '--out', tarball], dir);
    const files = run('tar', ['-tzf', tarball])
      .split('\n')
      .map(file => file.replace(/^package\//, ''));
    const manifest = JSON.parse(
      run('tar', ['-xzOf', tarball, 'package/package.json']),
    );
    const problems = problemsOf(manifest, files, privateNames);
    if (problems.length > 0) {
      console.error(`${manifest.name}: ${problems.join('; ')}`);
      failed = true;
    }
    const npm = spawnSync('npm', ['publish', '--dry-run', tarball], {
      encoding: 'utf8',
    });
    // npm lists the tarball on stderr: leave out the many built modules, and
    // its warning about publishConfig.main/types, which are backstage-cli's
    // (prepack applies them).
    const listing = `${npm.stderr}${npm.stdout}`
      .split('\n')
      .filter(line => !/ dist\/|Unknown publishConfig config/.test(line));
    console.log(listing.join('\n').trim());
    if (npm.status !== 0) failed = true;
  }
} catch (error) {
  console.error(error.stderr?.toString() ?? error.message);
  failed = true;
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
