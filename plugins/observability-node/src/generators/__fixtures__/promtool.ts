import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';

/** The real promtool (Debian package `prometheus`); override with PROMTOOL. */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

export interface PromtoolRun {
  status: number | null;
  output: string;
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-promtool-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A PrometheusRule's spec as a plain Prometheus rules file. */
function rulesFile(rule: IPrometheusRule): string {
  return toYaml({ groups: rule.spec.groups });
}

/** `promtool check rules` on a PrometheusRule's groups. */
export function checkRules(rule: IPrometheusRule): PromtoolRun {
  const dir = tempDir({ 'rules.yaml': rulesFile(rule) });
  try {
    const result = spawnSync(PROMTOOL, ['check', 'rules', 'rules.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.error) throw result.error;
    return {
      status: result.status,
      output: `${result.stdout}${result.stderr}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool test rules` of a test file (referring to `rules.yaml`) against a PrometheusRule's groups. */
export function testRules(
  rule: IPrometheusRule,
  tests: unknown,
): Promise<PromtoolRun> {
  const dir = tempDir({
    'rules.yaml': rulesFile(rule),
    'tests.yaml': toYaml(tests),
  });
  return new Promise<PromtoolRun>((resolve, reject) => {
    const child = spawn(PROMTOOL, ['test', 'rules', 'tests.yaml'], {
      cwd: dir,
    });
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
    });
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', status => resolve({ status, output }));
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}
