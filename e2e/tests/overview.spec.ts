import { expect, Locator, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const CHECKOUT = '/catalog/default/component/checkout';
const THEMES = ['light', 'dark'] as const;

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

/**
 * A chart's time-axis ticks by label, each at its place across the plot: 0
 * at the left end of the x axis, 1 at the right.
 */
async function xTickPlaces(chart: Locator): Promise<Map<string, number>> {
  const { places, labels } = await chart.evaluate(box => {
    const axis = box.querySelector('.recharts-xAxis');
    const line = axis?.querySelector('.recharts-cartesian-axis-line');
    const left = Number(line?.getAttribute('x1'));
    const right = Number(line?.getAttribute('x2'));
    return {
      // The tick marks; their labels may be nudged to fit inside the chart.
      places: Array.from(
        axis?.querySelectorAll('.recharts-cartesian-axis-tick-line') ?? [],
        tick => (Number(tick.getAttribute('x1')) - left) / (right - left),
      ),
      // Recharts draws all labels in a layer of their own; the x axis's are clock times.
      labels: Array.from(
        box.querySelectorAll('text.recharts-cartesian-axis-tick-value'),
        text => text.textContent ?? '',
      ).filter(label => /^\d{1,2}:\d{2}/.test(label)),
    };
  });
  expect(labels).toHaveLength(places.length);
  return new Map(labels.map((label, i) => [label, places[i]]));
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

  // The three charts span the same range: a time sits at the same place across each.
  const rateTicks = await xTickPlaces(rateChart);
  for (const chart of [
    page.getByRole('img', { name: /^Error ratio;/ }),
    latencyChart,
  ]) {
    const ticks = await xTickPlaces(chart);
    const shared = [...rateTicks.keys()].filter(label => ticks.has(label));
    expect(shared.length).toBeGreaterThanOrEqual(2);
    for (const label of shared) {
      expect(ticks.get(label)).toBeCloseTo(rateTicks.get(label)!, 2);
    }
  }

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
  // A number, zero included: checkout's quiet hours can hold no failure.
  expect(typeof summary.errorRatio).toBe('number');

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
    // The example app lists these cards first (app-config.yaml), so they
    // open the page above the catalog's relation tables and graph.
    const top = async (text: string) =>
      (await page.getByText(text, { exact: true }).first().boundingBox())!.y;
    expect(await top('SLO error budget')).toBeLessThan(
      await top('Depends on components'),
    );
    expect(await top('Depends on components')).toBeLessThan(
      await top('Relations'),
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, `entity-cards-${theme}.png`),
      fullPage: true,
    });
  });
}
