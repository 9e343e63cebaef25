import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
/** An edge's figures as its label reads: `1.234 req/s · 0.1 % err`, then `p95 95 ms`. */
const FIGURES = /[\d.,]+ req\/s · [\d.,]+ % err\s*p95 [\d.,]+ (ms|s)/;

test.use({ viewport: { width: 1440, height: 900 } });

test('checkout’s Dependencies section draws its calls with figures and lists the relation the catalog lacks', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(
    '/catalog/default/component/checkout/observability?section=dependencies',
  );
  const graph = page.getByRole('group', {
    name: 'Callers and callees of checkout',
  });
  await expect(graph).toBeVisible();
  for (const callee of ['payments', 'inventory']) {
    await expect(
      graph.getByTestId(`dependency-edge-checkout-${callee}`),
    ).toHaveText(FIGURES);
  }
  // Matched nodes open their entity; the callers Tempo cannot name are drawn.
  await expect(
    graph.getByRole('link', { name: /^Payments: / }),
  ).toHaveAttribute('href', '/catalog/default/component/payments');
  await expect(graph.getByTestId('dependency-node-user')).toContainText(
    'not in the catalog',
  );

  const drift = page.getByRole('list', { name: 'Catalog drift' });
  const inventory = drift
    .getByRole('listitem')
    .filter({ hasText: 'checkout → inventory' });
  await expect(inventory).toContainText('Called, not declared');
  await expect(inventory).toContainText('- component:default/inventory');
  await expect(drift).not.toContainText('checkout → payments');

  await page.mouse.move(0, 0);
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'dependencies-light.png'),
  });

  // The node links to the entity page.
  await graph.getByRole('link', { name: /^Payments: / }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments$/);
});

test('the shop System page shows the whole service map', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/system/shop');
  const map = page.getByRole('group', { name: 'Service map of Shop' });
  await expect(map).toBeVisible();
  for (const edge of [
    'checkout-payments',
    'checkout-inventory',
    'kbot-api.telegram.org',
  ]) {
    await expect(map.getByTestId(`dependency-edge-${edge}`)).toHaveText(
      FIGURES,
    );
  }
  await map.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'system-map-light.png'),
  });
});
