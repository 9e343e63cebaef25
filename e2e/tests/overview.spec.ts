import { expect, Page, test } from '@playwright/test';
import path from 'node:path';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const CHECKOUT = '/catalog/default/component/checkout';
const THEMES = ['light', 'dark'] as const;

/** Backstage's AppThemeApi keeps the chosen theme in localStorage under `theme`. */
async function signIn(page: Page, theme: (typeof THEMES)[number] = 'light') {
  await page.addInitScript(
    id => window.localStorage.setItem('theme', id),
    theme,
  );
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Checkout', exact: true }),
  ).toBeVisible();
}

/** A closed hour that ended two minutes ago, so the page and this test see the same data. */
function fixedHour() {
  const to = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
  return { from: to - 3_600_000, to };
}

/** `0.01 %` → its ratio, and half a unit of its last shown digit (the rounding). */
function parsePercent(text: string): { ratio: number; tolerance: number } {
  const match = /^(-?[\d,]+)(?:\.(\d+))? %$/.exec(text.trim());
  if (!match) throw new Error(`Not a percentage: ${text}`);
  const digits = match[2]?.length ?? 0;
  const percent = Number(`${match[1].replace(/,/g, '')}.${match[2] ?? '0'}`);
  return { ratio: percent / 100, tolerance: (0.5 * 10 ** -digits) / 100 };
}

test('checkout Overview charts show data and its error ratio agrees with the backend', async ({
  page,
}) => {
  await signIn(page);
  const { from, to } = fixedHour();
  const redResponse = page.waitForResponse(
    r =>
      r.url().includes('/entities/Component/default/checkout/red?') && r.ok(),
  );
  await page.goto(
    `${CHECKOUT}/observability?section=overview&from=${new Date(
      from,
    ).toISOString()}&to=${new Date(to).toISOString()}`,
  );
  const pageRequest = (await redResponse).request();

  // Charts drew series: stacked status classes, the error ratio and three percentiles.
  const rateChart = page.getByRole('img', {
    name: /^Request rate by status class/,
  });
  await expect(
    rateChart.locator('path.recharts-area-area').first(),
  ).toBeVisible();
  await expect(rateChart.getByText('2xx')).toBeVisible();
  const latencyChart = page.getByRole('img', { name: /^Latency p50/ });
  await expect(latencyChart.locator('path.recharts-line-curve')).toHaveCount(3);
  await expect(
    page
      .getByRole('img', { name: /^Error ratio;/ })
      .locator('path.recharts-line-curve'),
  ).toHaveCount(1);
  await expect(page.getByRole('cell', { name: '/api/checkout' })).toBeVisible();

  // The same range, asked of the backend directly with the page's own credentials.
  const url = new URL(pageRequest.url());
  expect(Number(url.searchParams.get('from'))).toBe(from / 1000);
  expect(Number(url.searchParams.get('to'))).toBe(to / 1000);
  const backend = await page.request.get(
    `${
      url.origin
    }/api/observability/entities/component/default/checkout/red?from=${
      from / 1000
    }&to=${to / 1000}`,
    {
      headers: {
        authorization: (await pageRequest.allHeaders()).authorization,
      },
    },
  );
  expect(backend.ok()).toBe(true);
  const { summary } = await backend.json();
  expect(summary.errorRatio).toBeGreaterThan(0);

  const shown = await page
    .getByTestId('summary-Error ratio')
    .locator('p')
    .first()
    .textContent();
  const { ratio, tolerance } = parsePercent(shown ?? '');
  expect(Math.abs(ratio - summary.errorRatio)).toBeLessThanOrEqual(tolerance);
});

test('checkout Setup shows what is configured and previews generated monitoring', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${CHECKOUT}/observability`);
  await page.getByRole('tab', { name: 'Setup' }).click();
  await expect(page).toHaveURL(/section=setup/);

  await expect(page.getByText('What is configured')).toBeVisible();
  // The Prometheus matchers, and the alert matchers that default to them.
  await expect(
    page.getByText('namespace="shop", service="checkout"', { exact: true }),
  ).toHaveCount(2);
  await expect(
    page.getByText('Prometheus client (http_requests_total) (detected)'),
  ).toBeVisible();
  await expect(
    page.getByText('{namespace="shop", app="checkout"}', { exact: true }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Generate monitoring' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('tab', { name: 'checkout-servicemonitor.yaml' }),
  ).toBeVisible();
  await expect(dialog.getByText('kind: ServiceMonitor')).toBeVisible();
  await dialog
    .getByRole('tab', { name: 'checkout-prometheusrule.yaml' })
    .click();
  await expect(dialog.getByText('kind: PrometheusRule')).toBeVisible();
  await expect(
    dialog.getByText(/No diff: No Kubernetes API is configured/),
  ).toBeVisible();
});

for (const theme of THEMES) {
  test(`screenshots of Overview, Dashboards, Setup and the overview cards (${theme})`, async ({
    page,
  }) => {
    await signIn(page, theme);

    await page.goto(`${CHECKOUT}/observability?section=overview&range=6h`);
    await expect(
      page
        .getByRole('img', { name: /^Request rate by status class/ })
        .locator('path.recharts-area-area')
        .first(),
    ).toBeVisible();
    await expect(
      page.getByRole('cell', { name: '/api/checkout' }),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `overview-${theme}.png`),
      fullPage: true,
    });

    await page.getByRole('tab', { name: 'Dashboards' }).click();
    await expect(
      page.getByRole('link', { name: /Checkout \/ RED/ }),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `dashboards-${theme}.png`),
      fullPage: true,
    });

    await page.getByRole('tab', { name: 'Setup' }).click();
    await expect(page.getByText('What is configured')).toBeVisible();
    await expect(page.getByText('Cluster local')).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `setup-${theme}.png`),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Generate monitoring' }).click();
    await expect(
      page.getByRole('dialog').getByText('kind: ServiceMonitor'),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `generate-monitoring-${theme}.png`),
    });
    await page.keyboard.press('Escape');

    await page.goto(CHECKOUT);
    await expect(page.getByText('Requests, errors, latency')).toBeVisible();
    await expect(page.getByText('Firing alerts')).toBeVisible();
    await expect(page.getByText('SLO error budget')).toBeVisible();
    await expect(page.getByTestId('slo-availability')).toBeVisible();
    await expect(page.getByText(/req\/s$/).first()).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `entity-cards-${theme}.png`),
      fullPage: true,
    });
  });
}
