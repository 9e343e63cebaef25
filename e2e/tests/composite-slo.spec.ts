import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const SHOP_SYSTEM = '/catalog/default/system/shop';

test('the System page shows the checkout journey and what each service burned of its budget', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'light');
  await page.goto(SHOP_SYSTEM);

  // Declared in examples/entities/shop.yaml: checkout ×2, payments ×1.
  const journey = page.getByTestId('composite-checkout-journey');
  await expect(
    journey.getByRole('heading', { name: 'Checkout journey' }),
  ).toBeVisible();
  await expect(journey).toContainText('99.5% over 30d');
  await expect(journey).toContainText(
    /[\d.]+% of the weighted requests were good · budget remaining -?[\d.]+%/,
  );
  const rows = journey
    .getByRole('table', { name: 'Contributions to Checkout journey' })
    .getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('checkout');
  await expect(rows.nth(1)).toContainText('×2');
  await expect(rows.nth(2)).toContainText('payments');
  await expect(rows.nth(2)).toContainText('×1');
  // Both services serve traffic in the demo: each row says its share.
  for (const row of [rows.nth(1), rows.nth(2)]) {
    await expect(row).toContainText(
      /[\d.]+% of the budget · [\d.]+% of the bad events/,
    );
  }
  // The link opens the service's own SLOs.
  await expect(
    rows.nth(2).getByRole('link', { name: 'payments' }),
  ).toHaveAttribute(
    'href',
    /\/catalog\/default\/component\/payments\/observability\?section=slos$/,
  );

  // The whole card in the shot: its title at the top of the window.
  await page.getByText('Composite SLOs', { exact: true }).evaluate(title => {
    title.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -24);
  });
  await page.screenshot({ path: `${SCREENSHOTS}/composite-slo-light.png` });
});
