import { expect, test } from '@playwright/test';
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

test('"Add monitoring to an existing service" runs for kbot and publishes its monitoring', async ({
  page,
}) => {
  test.setTimeout(180_000);
  fs.rmSync(PUBLISHED, { recursive: true, force: true });
  await signIn(page);

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
  await service.fill('kbot');
  await page.getByRole('option', { name: /kbot/ }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();

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
