import { expect, test } from '@playwright/test';

test('the checkout service shows its cluster with Prometheus and Alertmanager reachable', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  await page.getByRole('tab', { name: 'Observability' }).click();

  await expect(page.getByText('Cluster local')).toBeVisible();
  await expect(page.getByText('All telemetry upstreams are reachable.')).toBeVisible();
  for (const upstream of ['Prometheus', 'Alertmanager']) {
    const row = page.getByRole('row').filter({ hasText: upstream });
    await expect(row.getByText('Reachable')).toBeVisible();
  }
  await page.screenshot({ path: '../docs/screenshots/observability-tab.png', fullPage: true });
});
