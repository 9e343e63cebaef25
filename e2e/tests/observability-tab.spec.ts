import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

test('the checkout service shows its cluster with Prometheus and Alertmanager reachable', async ({
  page,
}) => {
  await signIn(page);

  await page.getByRole('link', { name: 'Checkout', exact: true }).click();
  // Entity page tabs are links in the page's navigation.
  await page.getByRole('link', { name: 'Observability', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout\/observability$/,
  );
  // Overview opens first; upstream reachability is part of Setup.
  await page.getByRole('tab', { name: 'Setup' }).click();
  await expect(page).toHaveURL(/section=setup/);

  await expect(page.getByText('Cluster local')).toBeVisible();
  for (const upstream of ['Prometheus', 'Alertmanager']) {
    const row = page.getByRole('row').filter({ hasText: upstream });
    await expect(row.getByText('Reachable', { exact: true })).toBeVisible();
  }
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'observability-tab.png'),
    fullPage: true,
  });
});
