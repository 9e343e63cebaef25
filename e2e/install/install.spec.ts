import { expect, test } from '@playwright/test';
import path from 'node:path';

const CASE = process.env.SIGHTLINE_INSTALL_CASE ?? 'app';
const CHECKOUT = '/catalog/default/component/checkout';

test(`${CASE}: the checkout service's Observability tab draws its charts`, async ({
  page,
}) => {
  // create-app's sign-in page offers the guest provider on both frontend
  // systems; the app remembers the choice once the page has gone.
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await expect(enter).toBeHidden();

  // The catalog reads the demo's entities shortly after start-up.
  const tab = page
    .getByRole('tab', { name: 'Observability' })
    .or(page.getByRole('link', { name: 'Observability', exact: true }));
  await expect(async () => {
    await page.goto(CHECKOUT);
    await expect(tab).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
  await tab.click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout\/observability/,
  );

  // The Overview's charts drew series: stacked status classes, the error
  // ratio and three latency percentiles, from the stack's Prometheus.
  const rateChart = page.getByRole('img', {
    name: /^Request rate by status class/,
  });
  await expect(
    rateChart.locator('path.recharts-area-area').first(),
  ).toBeVisible();
  await expect(rateChart.getByText('2xx')).toBeVisible();
  await expect(
    page
      .getByRole('img', { name: /^Error ratio;/ })
      .locator('path.recharts-line-curve'),
  ).toHaveCount(1);
  await expect(
    page
      .getByRole('img', { name: /^Latency p50/ })
      .locator('path.recharts-line-curve'),
  ).toHaveCount(3);

  await page.screenshot({
    path: path.join(
      __dirname,
      '../test-results/install',
      `${CASE}-observability.png`,
    ),
    fullPage: true,
  });
});
