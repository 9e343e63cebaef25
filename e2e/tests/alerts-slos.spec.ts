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

/** The backend's own figures, fetched as the guest user. */
async function backendSlos(request: APIRequestContext, entityPath: string) {
  const auth = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await auth.json()).backstageIdentity.token;
  const res = await request.get(
    `${BACKEND}/api/observability/${entityPath}/slos`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.ok()).toBe(true);
  return res.json();
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
  await expect(dialog.getByText('service="payments"')).toBeVisible();
  await expect(
    dialog.getByText('alertname="PaymentsAvailabilityErrorBudgetBurn"'),
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

test("the team's Group page lists every SLO of its services, lowest budget first", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(TEAM_SHOP);

  const table = page.getByRole('table', { name: 'SLOs by remaining budget' });
  await expect(table).toBeVisible();
  for (const service of ['checkout', 'payments', 'kbot']) {
    await expect(
      table.getByRole('link', { name: service }).first(),
    ).toBeVisible();
  }
  const rollup = await backendSlos(request, 'groups/default/team-shop');
  const firstRow = table.getByRole('row').nth(1);
  await expect(firstRow).toContainText(rollup.slos[0].entityRef.split('/')[1]);
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

    await page.goto(`${PAYMENTS}?section=alerts`);
    await expect(
      page.getByRole('table', { name: 'Alert rules' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/alerts-${theme}.png`,
      fullPage: true,
    });

    await page.goto(`${CHECKOUT}?section=slos`);
    await expect(
      page.getByRole('img', { name: /^Burn-down of Latency/ }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/slos-${theme}.png`,
      fullPage: true,
    });

    await page.goto(TEAM_SHOP);
    await expect(
      page.getByRole('table', { name: 'SLOs by remaining budget' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/group-slo-rollup-${theme}.png`,
      fullPage: true,
    });
  });
}
