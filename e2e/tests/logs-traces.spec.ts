import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const CHECKOUT = '/catalog/default/component/checkout/observability';

const logLines = (page: Page) => page.getByTestId('log-line');

test('a log line leads to its trace, and the trace back to only its log lines', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${CHECKOUT}?section=logs&range=15m`);

  await expect(page.getByRole('tab', { name: 'Logs' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(
    page.getByRole('img', { name: 'Log volume by level' }),
  ).toBeVisible();
  await expect(logLines(page).first()).toBeVisible();

  const traceLink = page
    .getByRole('link', { name: /^Open trace [0-9a-f]{32}$/ })
    .first();
  const traceId = (await traceLink.getAttribute('aria-label'))!.replace(
    'Open trace ',
    '',
  );
  await traceLink.click();

  await expect(page).toHaveURL(
    new RegExp(
      `section=traces.*traceId=${traceId}|traceId=${traceId}.*section=traces`,
    ),
  );
  await expect(page).toHaveURL(/range=15m/);
  const waterfall = page.getByRole('tree', { name: 'Span waterfall' });
  await expect(waterfall).toBeVisible();
  await expect(
    page.getByText(`Trace ${traceId}`, { exact: false }),
  ).toBeVisible();
  const rows = waterfall.getByRole('treeitem');
  await expect(rows.first()).toHaveAttribute('aria-level', '1');
  // The first log line may belong to a single-span request; nesting is
  // covered by the waterfall's component tests.
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  // A span of checkout is in the trace (the backend serves only those).
  await expect(
    waterfall.getByText('checkout', { exact: true }).first(),
  ).toBeVisible();

  await page.getByRole('link', { name: 'Logs for this trace' }).click();
  await expect(page).toHaveURL(new RegExp(`section=logs`));
  await expect(page.getByText(`Showing the logs of`)).toBeVisible();
  await expect(logLines(page).first()).toBeVisible();
  const links = page
    .getByRole('list', { name: /^Log lines/ })
    .getByRole('link');
  const labels = await links.evaluateAll(els =>
    els.map(e => e.getAttribute('aria-label')),
  );
  expect(labels.length).toBeGreaterThan(0);
  expect(new Set(labels)).toEqual(new Set([`Open trace ${traceId}`]));
  expect(await logLines(page).count()).toBe(labels.length);
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of Logs, Traces search and a trace waterfall (${theme})`, async ({
    page,
  }) => {
    await signIn(page, theme);
    await page.goto(`${CHECKOUT}?section=logs&range=1h`);
    await expect(logLines(page).first()).toBeVisible();
    await expect(
      page.getByRole('img', { name: 'Log volume by level' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Show fields' }).first().click();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `logs-${theme}.png`),
    });

    await page.goto(`${CHECKOUT}?section=traces&range=1h&status=error`);
    const results = page.getByRole('table', { name: 'Traces found' });
    await expect(results).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `traces-search-${theme}.png`),
    });

    await results.getByRole('link').first().click();
    const waterfall = page.getByRole('tree', { name: 'Span waterfall' });
    await expect(waterfall).toBeVisible();
    await waterfall
      .getByRole('treeitem')
      .filter({ has: page.getByRole('img', { name: 'error' }) })
      .first()
      .click();
    await expect(
      page.getByRole('link', { name: 'Logs for this span' }),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, `trace-waterfall-${theme}.png`),
      fullPage: true,
    });
  });
}
