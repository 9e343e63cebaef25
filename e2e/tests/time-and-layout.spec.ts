import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const CHECKOUT = '/catalog/default/component/checkout/observability';

/** Boxes that overlap by more than a pixel (rounding aside). */
function overlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    a.x + a.width > b.x + 1 &&
    b.x + b.width > a.x + 1 &&
    a.y + a.height > b.y + 1 &&
    b.y + b.height > a.y + 1
  );
}

async function expectEveryTabInView(page: Page) {
  const tabList = page.getByRole('tablist', { name: 'Observability sections' });
  await expect(tabList).toBeVisible();
  // Once the page has settled: the sections below mount after the first
  // paint, and the scroll bar they bring narrows the page for a moment.
  await expect(async () => {
    const list = (await tabList.boundingBox())!;
    for (const tab of await tabList.getByRole('tab').all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(list.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(list.x + list.width + 1);
    }
  }).toPass({ timeout: 10_000 });
}

test.describe('at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('every section tab is in view and the waterfall keeps durations off span names', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto(`${CHECKOUT}?section=overview&range=1h`);
    await expectEveryTabInView(page);
    await expect(
      page.getByRole('img', { name: /^Request rate by status class/ }),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'overview-1024x768.png'),
    });

    // No section is wider than the window.
    for (const section of [
      'Overview',
      'Logs',
      'Traces',
      'Alerts',
      'SLOs',
      'Dashboards',
      'Setup',
    ]) {
      await page.getByRole('tab', { name: new RegExp(`^${section}`) }).click();
      await expect(page.getByRole('tabpanel')).toBeVisible();
      await page.waitForLoadState('networkidle');
      // A horizontal scrollbar is a box that scrolls sideways and is wider
      // inside than out: the document, Backstage's content area, a table.
      const scrollers = await page.evaluate(() =>
        [document.documentElement, ...document.querySelectorAll('body *')]
          .filter(el => {
            const { overflowX } = getComputedStyle(el);
            const scrolls =
              el === document.documentElement ||
              overflowX === 'auto' ||
              overflowX === 'scroll';
            return scrolls && el.scrollWidth > el.clientWidth + 1;
          })
          .map(el => `${el.tagName}.${el.className}`),
      );
      expect({ section, scrollers }).toEqual({ section, scrollers: [] });
    }

    await page.goto(`${CHECKOUT}?section=traces&range=1h`);
    const results = page.getByRole('table', { name: 'Traces found' });
    await expect(results).toBeVisible();
    await results.getByRole('link').first().click();
    const rows = page
      .getByRole('tree', { name: 'Span waterfall' })
      .getByRole('treeitem');
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) {
      const name = (await row.locator('> div').first().boundingBox())!;
      const duration = (await row.locator('[data-placement]').boundingBox())!;
      expect(overlap(name, duration)).toBe(false);
    }
  });
});

test.describe('in India (UTC+05:30)', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('times follow the zone picked once in the time picker, and a drag zooms the range', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto(`${CHECKOUT}?section=logs&range=1h`);
    // The choice is the user's setting, kept by the backend: start local.
    const zone = page.getByRole('button', { name: /Time zone/ });
    const pickZone = async (name: RegExp) => {
      await zone.click();
      await page.getByRole('option', { name }).click();
    };
    await pickZone(/^Local/);
    const time = page
      .getByTestId('log-line')
      .first()
      .getByText(/\d{2}:\d{2}:\d{2}\.\d{3}/);
    await expect(time).toBeVisible();
    const minute = async () =>
      Number(/:(\d{2}):\d{2}\./.exec((await time.textContent())!)![1]);
    const localMinute = await minute();

    // Chromium may name the zone by its older alias.
    await expect(zone).toHaveText(/^Local \(Asia\/(Kolkata|Calcutta)\)$/);
    await pickZone(/^UTC$/);
    await expect(zone).toHaveText('UTC');
    // The same line, half an hour off: India is 5 h 30 min ahead of UTC.
    await expect
      .poll(async () => (localMinute - (await minute()) + 60) % 60)
      .toBe(30);

    // The choice outlives the page.
    await page.goto(`${CHECKOUT}?section=overview&range=1h`);
    await expect(page.getByRole('button', { name: /Time zone/ })).toHaveText(
      'UTC',
    );

    const chart = page.getByRole('img', {
      name: /^Request rate by status class/,
    });
    await expect(chart.locator('.recharts-area').first()).toBeVisible();
    const box = (await chart.boundingBox())!;
    const y = box.y + box.height / 3;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(/from=.*to=/);
    const zoomed = new URL(page.url());
    const span =
      Date.parse(zoomed.searchParams.get('to')!) -
      Date.parse(zoomed.searchParams.get('from')!);
    expect(span).toBeGreaterThan(0);
    expect(span).toBeLessThan(3_600_000 / 2);

    await page.screenshot({
      path: path.join(SCREENSHOTS, 'overview-1440x900.png'),
    });

    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect(page).toHaveURL(/range=1h/);
    await expect(page.getByRole('button', { name: 'Zoom out' })).toHaveCount(0);
    // Leave the guest's setting as other specs expect it.
    await pickZone(/^Local/);
  });
});
