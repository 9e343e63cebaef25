import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

/**
 * The production-readiness card runs the example app's Tech Insights checks
 * (app-config.yaml) over the facts observabilityFactRetriever stored, with
 * the real tech-insights backend and JSON rules engine behind it.
 */
test.describe('production readiness scorecard', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, 'light');
  });

  test('checkout passes what the local stack gives it, and says how to route its alerts', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout');
    const card = page
      .locator('article, .MuiCard-root')
      .filter({ has: page.getByText('Production readiness', { exact: true }) })
      .first();
    // The facts are stored 15 s after the backend starts.
    await expect(card).toContainText(/\d of 6 checks pass/, {
      timeout: 60_000,
    });
    for (const id of [
      'observabilityHasMonitoring',
      'observabilityHasSlo',
      'observabilityDashboard',
      'observabilityDoctor',
    ]) {
      await expect(
        card.getByTestId(`readiness-${id}`).getByLabel('Passed'),
      ).toBeVisible();
    }
    // The stack's Alertmanager routes everything to "null", which notifies nobody.
    const alerts = card.getByTestId('readiness-observabilityAlertsRunbooks');
    await expect(alerts.getByLabel('Failed')).toBeVisible();
    await expect(alerts).toContainText(
      'Alertmanager routes these rules to no receiver that notifies anyone: CheckoutHighErrorRate',
    );
    await expect(alerts).toContainText(
      'How to fix: Give every alert rule a runbook_url annotation',
    );

    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/scorecard-light.png` });
  });

  test('the misconfigured inventory fails with its own reasons', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/inventory');
    const hasSlo = page.getByTestId('readiness-observabilityHasSlo');
    await expect(hasSlo.getByLabel('Failed')).toBeVisible({ timeout: 60_000 });
    await expect(hasSlo).toContainText(
      'No SLO is declared: add sightline.dev/slo-availability',
    );
    const doctor = page.getByTestId('readiness-observabilityDoctor');
    await expect(doctor.getByLabel('Failed')).toBeVisible();
    await expect(doctor).toContainText(
      'Nothing answers at http://127.0.0.1:9109/metrics',
    );
  });
});
