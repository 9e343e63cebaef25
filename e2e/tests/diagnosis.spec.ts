import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const INVENTORY_SETUP =
  '/catalog/default/component/inventory/observability?section=setup';

// examples/entities/doctor.yaml: inventory's metrics target (the stack's
// doctor-down job) points at a port where nothing listens, and its log
// selector uses Fluent Bit's label name. No Kubernetes API is configured
// for the app's cluster, so the Kubernetes checks say they were skipped.
for (const theme of ['light', 'dark'] as const) {
  test(`the monitoring doctor names why the misconfigured inventory service has no data (${theme})`, async ({
    page,
  }) => {
    await signIn(page, theme);
    await page.goto(INVENTORY_SETUP);
    await expect(
      page.getByRole('tab', { name: 'Setup', selected: true }),
    ).toBeVisible();

    const panel = page.getByTestId('diagnosis-panel');
    await panel.getByTestId('diagnosis-run').click();

    const target = panel.getByTestId('diagnosis-check-scrape-target');
    await expect(target).toHaveAttribute('data-status', 'fail', {
      timeout: 60_000,
    });
    await expect(target).toContainText('http://127.0.0.1:9109/metrics');
    await expect(target).toContainText('connection refused');
    await expect(panel.getByTestId('diagnosis-summary')).toContainText(
      'Most likely cause',
    );
    // Nine telemetry checks, the SLO objectives check (issue 14) and the
    // service-graph check (issue 19).
    await expect(panel.getByTestId(/^diagnosis-check-/)).toHaveCount(11);
    await expect(
      panel.getByTestId('diagnosis-check-slo-objectives'),
    ).toBeVisible();
    await expect(
      panel.getByTestId('diagnosis-check-service-graph'),
    ).toBeVisible();
    await expect(
      panel.getByTestId('diagnosis-check-kubernetes-service'),
    ).toHaveAttribute('data-status', 'skipped');

    // The log check names the label the collector really writes.
    const logs = panel.getByTestId('diagnosis-check-logs');
    await expect(logs).toHaveAttribute('data-status', 'fail');
    await logs
      .getByRole('button', { name: /Log streams exist in Loki/ })
      .click();
    await expect(logs).toContainText(`writes "shop" as 'namespace'`);

    await page.screenshot({
      path: path.join(SCREENSHOTS, `diagnosis-${theme}.png`),
      fullPage: true,
    });
  });
}
