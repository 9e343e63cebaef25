import { APIRequestContext, expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const BACKEND = 'http://localhost:7007';
const CHECKOUT = '/catalog/default/component/checkout/observability';
const REASON = `E2E load test ${Date.now()}`;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DDTHH:mm` in the browser's zone, as a datetime-local input takes it. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/** Deletes what this spec stored, should a step fail before it does. */
async function deleteLeftovers(request: APIRequestContext) {
  const auth = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const headers = {
    Authorization: `Bearer ${(await auth.json()).backstageIdentity.token}`,
  };
  const api = `${BACKEND}/api/observability/entities/component/default/checkout/slo-adjustments`;
  const list = await (await request.get(api, { headers })).json();
  for (const a of list.adjustments ?? []) {
    if (a.reason === REASON) {
      await request.delete(`${api}/${a.id}`, { headers });
    }
  }
}

test.afterAll(async ({ request }) => {
  await deleteLeftovers(request);
});

test('an owner excludes a period from checkout’s budget, sees it on the burn-down and in the list, and deletes it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'light');
  await page.goto(`${CHECKOUT}?section=slos`);

  const availability = page
    .getByRole('img', { name: /^Burn-down of Availability/ })
    .first();
  await expect(availability).toBeVisible();
  // Declared in examples/entities/shop.yaml: a weekly maintenance window.
  const declared = page.getByRole('table', {
    name: 'Budget adjustments of Availability',
  });
  await expect(declared).toContainText('Weekly database maintenance');

  // Two days ago, 10:00 to 14:00 in the browser's zone.
  const startMs =
    Math.floor((Date.now() - 2 * DAY_MS) / DAY_MS) * DAY_MS + 10 * 3_600_000;
  await page.getByRole('button', { name: 'Exclude a period' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Exclude a period from the error budget',
  });
  await dialog.getByLabel('Reason').fill(REASON);
  await dialog.getByLabel('Start').fill(localInput(startMs));
  await dialog.getByLabel('End').fill(localInput(startMs + 4 * 3_600_000));
  await dialog.getByRole('button', { name: 'Exclude' }).click();
  await expect(dialog).toBeHidden();

  await expect(declared).toContainText(REASON);
  await expect(declared).toContainText('user:default/guest');
  // The SLO was evaluated again without the period: its band is on the burn-down.
  const bands = availability.getByTestId('adjustment-band');
  await expect(
    bands.filter({ has: page.locator(`title:text("${REASON}")`) }).first(),
  ).toBeAttached();
  await expect(
    page.getByText(/periods? \(.*\) excluded from this SLO/).first(),
  ).toBeVisible();

  // Sloth's rules cannot leave the periods out: the figures are the raw series'.
  await expect(
    page.getByText(/^Measured from raw series;/).first(),
  ).toBeVisible();

  await availability.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${SCREENSHOTS}/slo-adjusted-burndown-light.png`,
  });

  await declared
    .getByRole('button', { name: `Delete adjustment: ${REASON}` })
    .click();
  await expect(declared).not.toContainText(REASON);
});
