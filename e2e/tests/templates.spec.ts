import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
// observability:workspace:publish writes here when
// observability.scaffolder.publishDirectory is not configured (the example
// app's case): a local stand-in for a GitOps repository, no internet needed.
const PUBLISHED = path.join(os.tmpdir(), 'sightline-published', 'kbot');

/** Opens "Add monitoring" and picks the service (step 1), landing on step 2. */
async function openAddMonitoringFor(page: Page, serviceName: string) {
  await page.goto('/create');
  // The list's search leaves one template card, so one Choose button.
  await page
    .getByRole('textbox', { name: 'Search' })
    .fill('Add monitoring to an existing service');
  await expect(page.getByRole('button', { name: 'Choose' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Choose' }).click();
  // Step 1: the service, through the EntityPicker.
  const service = page.getByRole('textbox', { name: 'Service' });
  await service.click();
  await service.fill(serviceName);
  await page
    .getByRole('option', { name: new RegExp(serviceName) })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
}

test('"Add monitoring to an existing service" runs for kbot and publishes its monitoring', async ({
  page,
}) => {
  test.setTimeout(180_000);
  fs.rmSync(PUBLISHED, { recursive: true, force: true });
  await signIn(page);

  await openAddMonitoringFor(page, 'kbot');

  // Step 2: the form's defaults (port "metrics", 99.9 %) plus a latency SLO
  // on one of kbot's bucket boundaries.
  await expect(page.getByLabel(/Metrics port name/)).toHaveValue('metrics');
  await page.getByLabel(/Latency SLO/).fill('99% < 500ms');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step done, the output names the published files.
  await expect(page.getByText('Where the files are')).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByText(PUBLISHED).first()).toBeVisible();
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'template-run-light.png'),
    fullPage: true,
  });

  const files = fs.readdirSync(path.join(PUBLISHED, 'monitoring')).sort();
  expect(files).toEqual([
    'kbot-dashboard.yaml',
    'kbot-openslo.yaml',
    'kbot-prometheusrule.yaml',
    'kbot-servicemonitor.yaml',
    'kustomization.yaml',
  ]);
  const rule = parse(
    fs.readFileSync(
      path.join(PUBLISHED, 'monitoring', 'kbot-prometheusrule.yaml'),
      'utf8',
    ),
  );
  expect(rule.kind).toBe('PrometheusRule');
  expect(rule.spec.groups.map((g: { name: string }) => g.name)).toEqual(
    expect.arrayContaining([
      'sloth-slo-alerts-kbot-availability',
      'sloth-slo-alerts-kbot-latency',
    ]),
  );
  const catalogInfo = parse(
    fs.readFileSync(path.join(PUBLISHED, 'catalog-info.yaml'), 'utf8'),
  );
  expect(catalogInfo.metadata.name).toBe('kbot');
  expect(catalogInfo.metadata.annotations).toMatchObject({
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 500ms',
  });
});

test('"Add monitoring" refuses a malformed SLO in the form, saying what to write', async ({
  page,
}) => {
  await signIn(page);
  await openAddMonitoringFor(page, 'kbot');

  // As it is typed: the objective's problem and an example, in words.
  const latency = page.getByLabel(/Latency SLO/);
  await latency.fill('fast please');
  const latencyProblem = page.getByText(
    '"fast please" is not a latency objective; write "<percent>% < <threshold>" or "p<percentile> < <threshold>", e.g. 99% < 300ms or p95 < 1.5s',
  );
  await expect(latencyProblem).toBeVisible();
  await expect(latency).toHaveAttribute('aria-invalid', 'true');
  const availability = page.getByLabel(/Availability SLO/);
  await availability.fill('high');
  await expect(
    page.getByText(
      '"high" is not a percentage; write a number between 0 and 100, optionally followed by %, e.g. 99.9',
    ),
  ).toBeVisible();
  await expect(page.getByText(/must match pattern/)).toHaveCount(0);

  // The step is refused: no review, so no task to fail.
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await expect(latencyProblem.first()).toBeVisible();

  // Corrected, it goes through.
  await latency.fill('p95 < 500ms');
  await availability.fill('99.9');
  await expect(latency).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('button', { name: 'Create' })).toBeVisible();
});

test('"New service with monitoring" creates a service that arrives monitored', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The publish step refuses to overwrite, so every run publishes a new
  // service: "e2e-newsvc-" plus base-36 milliseconds stays a DNS label well
  // under the template's 50 characters.
  const name = `e2e-newsvc-${Date.now().toString(36)}`;
  expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  expect(name.length).toBeLessThanOrEqual(50);
  const published = path.join(os.tmpdir(), 'sightline-published', name);
  fs.rmSync(published, { recursive: true, force: true });
  await signIn(page);

  await page.goto('/create');
  await page
    .getByRole('textbox', { name: 'Search' })
    .fill('New service with monitoring');
  await expect(page.getByRole('button', { name: 'Choose' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Choose' }).click();

  // Step 1: name (a plain "Name" also matches "Kubernetes namespace"), the
  // owner through the OwnerPicker, the namespace's default.
  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('Shop');
  await page.getByRole('option', { name: /Shop team/ }).click();
  await expect(
    page.getByRole('textbox', { name: /Kubernetes namespace/ }),
  ).toHaveValue('default');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: port name's default, a 99.5 % availability and a latency SLO.
  await expect(page.getByLabel(/Metrics port name/)).toHaveValue('metrics');
  await page.getByLabel(/Availability SLO/).fill('99.5');
  await page.getByLabel(/Latency SLO/).fill('99% < 300ms');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: all four steps finish and the output names the files.
  await expect(page.getByText('Where the files are')).toBeVisible({
    timeout: 120_000,
  });
  for (const step of [
    'Write catalog-info.yaml',
    'Generate monitoring',
    "Add Sightline's annotations to catalog-info.yaml",
    'Publish to the local directory',
  ]) {
    await expect(page.getByText(step, { exact: true }).first()).toBeVisible();
  }
  // The output only renders once the task has completed; the log's last
  // line says the final step finished rather than failed.
  await expect(
    page.getByText('Finished step Publish to the local directory'),
  ).toBeVisible();
  await expect(page.getByText(published).first()).toBeVisible();
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'template-new-service-light.png'),
    fullPage: true,
  });

  // What was published: catalog-info.yaml with the owner and annotations.
  const catalogInfo = parse(
    fs.readFileSync(path.join(published, 'catalog-info.yaml'), 'utf8'),
  );
  expect(catalogInfo.kind).toBe('Component');
  expect(catalogInfo.metadata.name).toBe(name);
  expect(catalogInfo.spec.owner).toBe('group:default/team-shop');
  expect(catalogInfo.metadata.annotations).toMatchObject({
    'backstage.io/kubernetes-id': name,
    'backstage.io/kubernetes-namespace': 'default',
    'sightline.dev/slo-availability': '99.5',
    'sightline.dev/slo-latency': '99% < 300ms',
  });

  const monitoring = path.join(published, 'monitoring');
  const files = fs.readdirSync(monitoring).sort();
  expect(files).toEqual([
    `${name}-dashboard.yaml`,
    `${name}-openslo.yaml`,
    `${name}-prometheusrule.yaml`,
    `${name}-servicemonitor.yaml`,
    'kustomization.yaml',
  ]);
  const read = (file: string) =>
    parse(fs.readFileSync(path.join(monitoring, file), 'utf8'));

  // PrometheusRule: Sloth's groups for both SLOs, thresholds from the
  // objectives (budget 1 - 0.995 and 1 - 0.99).
  type Rule = { record?: string; alert?: string; expr: string };
  type Group = { name: string; rules: Rule[] };
  const rule = read(`${name}-prometheusrule.yaml`);
  expect(rule.kind).toBe('PrometheusRule');
  const groups: Group[] = rule.spec.groups;
  const group = (groupName: string) => {
    const found = groups.find(g => g.name === groupName);
    expect(found, groupName).toBeDefined();
    return found!;
  };
  for (const [slo, objective, budget] of [
    ['availability', '0.995', '0.005'],
    ['latency', '0.99', '0.01'],
  ]) {
    const id = `${name}-${slo}`;
    group(`sloth-slo-sli-recordings-${id}`);
    const meta = group(`sloth-slo-meta-recordings-${id}`).rules;
    expect(meta.find(r => r.record === 'slo:objective:ratio')?.expr).toBe(
      `vector(${objective})`,
    );
    expect(meta.find(r => r.record === 'slo:error_budget:ratio')?.expr).toBe(
      `vector(1-${objective})`,
    );
    const alerts = group(`sloth-slo-alerts-${id}`).rules;
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) {
      expect(alert.expr).toContain(`* ${budget})`);
    }
    expect(alerts.map(a => a.expr).join('\n')).toContain(
      `> (14.4 * ${budget})`,
    );
  }
  // The latency SLI counts requests slower than the SLO's 300 ms bucket.
  const latencySli = group(`sloth-slo-sli-recordings-${name}-latency`).rules;
  for (const sli of latencySli.slice(0, -1)) {
    expect(sli.expr).toContain('le="0.3"');
  }

  // ServiceMonitor: selects the Service by its backstage.io/kubernetes-id
  // label in its namespace and scrapes the port by name.
  const monitor = read(`${name}-servicemonitor.yaml`);
  expect(monitor.kind).toBe('ServiceMonitor');
  expect(monitor.spec.selector).toEqual({
    matchLabels: { 'backstage.io/kubernetes-id': name },
  });
  expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['default'] });
  expect(monitor.spec.endpoints).toEqual([
    expect.objectContaining({ port: 'metrics' }),
  ]);

  // The dashboard, as a ConfigMap for Grafana's sidecar.
  const dashboard = read(`${name}-dashboard.yaml`);
  expect(dashboard.kind).toBe('ConfigMap');
  expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
  const [json] = Object.values(dashboard.data) as string[];
  expect(JSON.parse(json).panels.length).toBeGreaterThan(0);
});
