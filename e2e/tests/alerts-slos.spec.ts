import { APIRequestContext, expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const ALERTMANAGER = 'http://127.0.0.1:9093';
const BACKEND = 'http://localhost:7007';
const PAYMENTS = '/catalog/default/component/payments/observability';
const CHECKOUT = '/catalog/default/component/checkout/observability';
const TEAM_SHOP = '/catalog/default/group/team-shop';

type AmSilence = {
  id: string;
  comment: string;
  createdBy: string;
  matchers: { name: string; value: string; isEqual: boolean }[];
  status: { state: 'active' | 'pending' | 'expired' };
};

async function silencesInAlertmanager(request: APIRequestContext) {
  const res = await request.get(`${ALERTMANAGER}/api/v2/silences`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as AmSilence[];
}

/** The backend's own answer at `path` (under /api/observability), fetched as the guest user. */
async function backendJson(request: APIRequestContext, path: string) {
  const auth = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await auth.json()).backstageIdentity.token;
  const res = await request.get(`${BACKEND}/api/observability/${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok()).toBe(true);
  return res.json();
}

/** The backend's own SLO figures of an entity, group or system. */
async function backendSlos(request: APIRequestContext, entityPath: string) {
  return backendJson(request, `${entityPath}/slos`);
}

test("Alerts shows payments' firing alert from Alertmanager, and a silence made in the UI reaches Alertmanager and can be expired", async ({
  page,
  request,
}) => {
  const comment = `e2e silence ${Date.now()}`;
  await signIn(page);
  await page.goto(`${PAYMENTS}?section=alerts`);

  const alerts = page.getByRole('list', { name: 'Alerts' });
  // The generated burn-rate alert fires once per window pair that holds.
  await expect(
    alerts.getByText('PaymentsAvailabilityErrorBudgetBurn').first(),
  ).toBeVisible();
  await expect(
    alerts.getByText('firing', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    alerts.getByText('critical', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'Alert rules' })
      .getByText('PaymentsAvailabilityErrorBudgetBurn')
      .first(),
  ).toBeVisible();

  await page
    .getByRole('button', {
      name: 'Silence PaymentsAvailabilityErrorBudgetBurn',
    })
    .first()
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Silence PaymentsAvailabilityErrorBudgetBurn',
  });
  // Exact: the dialog's preview of what it mutes names the labels too.
  await expect(
    dialog.getByText('service="payments"', { exact: true }),
  ).toBeVisible();
  await expect(
    dialog.getByText('alertname="PaymentsAvailabilityErrorBudgetBurn"', {
      exact: true,
    }),
  ).toBeVisible();
  await dialog.getByRole('radio', { name: '1h' }).check();
  await dialog.getByRole('textbox', { name: /Comment/ }).fill(comment);
  await dialog.getByRole('button', { name: 'Create silence' }).click();
  await expect(dialog).toBeHidden();

  let created: AmSilence | undefined;
  try {
    await expect
      .poll(async () => {
        // Stored with the tag saying which entity it belongs to.
        created = (await silencesInAlertmanager(request)).find(
          s =>
            s.comment ===
            `${comment} [sightline.dev/entity=component:default/payments]`,
        );
        return created?.status.state;
      })
      .toBe('active');
    expect(created!.createdBy).toBe('user:default/guest');
    const matchers = Object.fromEntries(
      created!.matchers.map(m => [m.name, m.value]),
    );
    expect(matchers).toEqual({
      namespace: 'shop',
      service: 'payments',
      alertname: 'PaymentsAvailabilityErrorBudgetBurn',
    });

    const silences = page.getByRole('table', { name: 'Silences' });
    await expect(silences.getByText(comment)).toBeVisible();
    await silences
      .getByRole('button', { name: `Expire silence ${comment}` })
      .click();
    await expect
      .poll(
        async () =>
          (
            await silencesInAlertmanager(request)
          ).find(s => s.id === created!.id)?.status.state,
      )
      .toBe('expired');
    await expect(silences.getByText(comment)).toBeHidden();
  } finally {
    // Leave Alertmanager as we found it even when an assertion failed.
    if (created && created.status.state !== 'expired') {
      await request.delete(`${ALERTMANAGER}/api/v2/silence/${created.id}`);
    }
  }
});

test("SLOs shows checkout's budget as the backend computes it", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(`${CHECKOUT}?section=slos`);

  const body = await backendSlos(
    request,
    'entities/component/default/checkout',
  );
  const availability = body.slos.find(
    (s: any) => s.definition.id === 'availability',
  );
  const remainingPercent = availability.status.budget.remaining * 100;

  await expect(page.getByRole('tab', { name: 'SLOs' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(
    page.getByText('Availability · 99.9% over 30d', { exact: false }),
  ).toBeVisible();
  const shown = page
    .getByRole('heading', { name: 'Budget remaining' })
    .first()
    .locator('xpath=following-sibling::*[1]');
  const text = (await shown.textContent()) ?? '';
  const match = text.match(/^(-?[\d.]+)%/);
  expect(match).not.toBeNull();
  // The window moves between the two reads; a tenth of a point is plenty.
  expect(Math.abs(Number(match![1]) - remainingPercent)).toBeLessThan(0.2);
  await expect(
    page.getByRole('img', { name: /^Burn-down of Availability/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Alert conditions of Availability' }),
  ).toContainText('page-quick');
  await expect(
    page.getByText(/Errors have used .* of the budget/).first(),
  ).toBeVisible();
});

test('payments, burning, reads the same in its badge, policy line, burn-down and report at one instant', async ({
  page,
  request,
}) => {
  // A custom range ending now makes the section evaluate at its end, so the
  // page, /slos and the report answer for the same instant.
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const from = new Date(at.getTime() - 3_600_000);
  const atSeconds = at.getTime() / 1000;
  await signIn(page);
  await page.goto(
    `${PAYMENTS}?section=slos&from=${from.toISOString()}&to=${at.toISOString()}`,
  );

  const body = await backendJson(
    request,
    `entities/component/default/payments/slos?at=${atSeconds}`,
  );
  const report = await backendJson(
    request,
    `entities/component/default/payments/slos/report?at=${atSeconds}`,
  );
  const slo = body.slos.find((s: any) => s.definition.id === 'availability');
  const { status } = slo;
  // The workload's payments fails 4% of its requests, 8× its 99.5% budget:
  // above the 6× of page-slow on 30m and 6h.
  expect(status.alerts.find((a: any) => a.id === 'page-slow').firing).toBe(
    true,
  );
  expect(status.status).toBe('at-risk');
  expect(status.policy).not.toBe('healthy');
  // The report is /slos at the same instant.
  const row = report.rows.find((r: any) => r.sloId === 'availability');
  expect(row.status).toBe(status.status);
  expect(row.budgetRemaining).toBe(status.budget.remaining);
  // The burn-down runs to the instant and ends where the budget stands.
  const last = slo.burnDown[slo.burnDown.length - 1];
  expect(last.until).toBe(at.toISOString());
  expect(Math.abs(last.remaining - status.budget.remaining)).toBeLessThan(1e-3);

  // Payments declares one SLO: the section holds its card alone.
  const card = page.getByRole('tabpanel');
  const badge = card.locator('[data-tone]').first();
  await expect(badge).toHaveText('At risk');
  await expect(badge).toHaveAttribute('data-tone', 'error');
  await expect(
    card.getByText(`Policy: ${status.policy}`, { exact: true }),
  ).toBeVisible();
  await expect(
    card.getByText(/Budget policy: critical \(.*page condition .*page-slow/),
  ).toBeVisible();
  await expect(card.getByText(/release as usual/)).toHaveCount(0);
  const shown = card
    .getByRole('heading', { name: 'Budget remaining' })
    .locator('xpath=following-sibling::*[1]');
  await expect(shown).toHaveText(
    // As the card rounds it: one decimal, no trailing zero.
    new RegExp(`^${Number((status.budget.remaining * 100).toFixed(1))}%`),
  );
  await expect(
    card.getByRole('img', { name: /^Burn-down of Availability/ }),
  ).toBeVisible();
});

test("payments' Overview opens on its status strip, and its Alerts and SLOs tabs count what fires and burns", async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${PAYMENTS}?section=overview`);

  const strip = page.getByRole('region', { name: 'Service status' });
  await expect(strip).toContainText(
    'Firing: PaymentsAvailabilityErrorBudgetBurn',
  );
  await expect(strip).toContainText(/Availability: Page condition page-slow/);
  await expect(
    page.getByRole('tab', { name: /^Alerts, \d+ alerts? firing$/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('tab', { name: 'SLOs, 1 SLO burning' }),
  ).toBeVisible();
  await strip
    .getByRole('link', { name: 'See burn rates and burn-down' })
    .click();
  await expect(
    page.getByRole('tab', { name: 'SLOs, 1 SLO burning' }),
  ).toHaveAttribute('aria-selected', 'true');
});

test("the team's Group page lists every SLO of its services, most urgent first, with why", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(TEAM_SHOP);

  const table = page.getByRole('table', { name: 'SLOs, most urgent first' });
  await expect(table).toBeVisible();
  for (const service of ['checkout', 'payments', 'kbot']) {
    await expect(
      table.getByRole('link', { name: service }).first(),
    ).toBeVisible();
  }
  const rollup = await backendSlos(request, 'groups/default/team-shop');
  // Payments pages, so it leads whatever budget the others have left.
  expect(rollup.slos[0].entityRef).toBe('component:default/payments');
  // Listed first in the example app's config, the card opens the page.
  expect((await table.boundingBox())!.y).toBeLessThan(
    (await page.getByText('Relations', { exact: true }).boundingBox())!.y,
  );
  const firstRow = table.getByRole('row').nth(1);
  await expect(firstRow).toContainText('payments');
  await expect(firstRow).toContainText(/Page condition .*hold/);
  await firstRow.getByRole('link').click();
  await expect(page).toHaveURL(/\/observability\?section=slos$/);
  await expect(page.getByRole('tab', { name: 'SLOs' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of Alerts, SLOs and the Group rollup (${theme})`, async ({
    page,
  }) => {
    await signIn(page, theme);
    // The tabs' counts load beside each section: wait for them in each shot.
    const tabsCount = async () => {
      await expect(
        page.getByRole('tab', { name: /^Alerts, \d+ alerts? firing$/ }),
      ).toBeVisible();
      await expect(
        page.getByRole('tab', { name: 'SLOs, 1 SLO burning' }),
      ).toBeVisible();
    };

    await page.goto(`${PAYMENTS}?section=alerts`);
    await expect(
      page.getByRole('table', { name: 'Alert rules' }),
    ).toBeVisible();
    await tabsCount();
    await page.screenshot({
      path: `${SCREENSHOTS}/alerts-${theme}.png`,
      fullPage: true,
    });

    // Payments burns its budget: the badge, the policy line, the burn-down
    // and the report (the buttons above) tell one story.
    await page.goto(`${PAYMENTS}?section=slos`);
    await expect(
      page.getByRole('img', { name: /^Burn-down of Availability/ }),
    ).toBeVisible();
    await expect(
      page.getByText('Policy: critical', { exact: true }),
    ).toBeVisible();
    await tabsCount();
    await page.screenshot({
      path: `${SCREENSHOTS}/slos-${theme}.png`,
      fullPage: true,
    });

    await page.goto(`${PAYMENTS}?section=overview`);
    await expect(
      page.getByRole('region', { name: 'Service status' }),
    ).toBeVisible();
    await expect(
      page
        .getByRole('img', { name: /^Request rate by status class/ })
        .locator('path.recharts-area-area')
        .first(),
    ).toBeVisible();
    await tabsCount();
    await page.screenshot({
      path: `${SCREENSHOTS}/overview-burning-${theme}.png`,
    });

    await page.goto(TEAM_SHOP);
    await expect(
      page.getByRole('table', { name: 'SLOs, most urgent first' }),
    ).toBeVisible();
    // The relations graph below draws late; show it drawn.
    await expect(page.getByText('hasMember').first()).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/group-slo-rollup-${theme}.png`,
      fullPage: true,
    });
  });
}
