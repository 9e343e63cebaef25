import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const API = 'http://localhost:7007/api';
const CHECKOUT_SLOS =
  '/catalog/default/component/checkout/observability?section=slos';

test('the signed-in user mutes and unmutes the SLO notifications of a service', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(CHECKOUT_SLOS);
  const toggle = page.getByRole('checkbox', {
    name: 'Notify me of SLO changes',
  });
  await expect(toggle).toBeVisible();
  const before = await toggle.isChecked();

  await toggle.click();
  await expect(toggle).toBeChecked({ checked: !before });
  // Stored for the user, not the page: it survives a reload.
  await page.reload();
  await expect(toggle).toBeChecked({ checked: !before });

  await toggle.click();
  await expect(toggle).toBeChecked({ checked: before });
});

/**
 * The owners' notifications come from the fleet evaluation when one of a
 * team-shop service's SLOs changes status while the app runs. The demo's
 * SLOs keep their status for hours (payments burns steadily, checkout's
 * incident is days old), so a fresh app may have none yet: then there is
 * nothing to open, and the test says so rather than make one up.
 */
test('the bell lists the SLO notification and its link opens the service’s SLO section', async ({
  page,
  request,
}) => {
  const auth = await request.get(`${API}/auth/guest/refresh`);
  const token = (await auth.json()).backstageIdentity.token;
  const listed = await request.get(
    `${API}/notifications/notifications?topic=observability-slo`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const { notifications } = (await listed.json()) as {
    notifications: Array<{ payload: { title: string; link: string } }>;
  };
  test.skip(
    notifications.length === 0,
    'No SLO of the demo changed status while the app ran',
  );
  const [latest] = notifications;

  await signIn(page);
  await page
    .getByRole('link', { name: /Notifications/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/notifications/);
  const row = page.getByText(latest.payload.title, { exact: true });
  await expect(row).toBeVisible();
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'slo-notification-light.png'),
  });

  expect(latest.payload.link).toMatch(
    /^\/catalog\/default\/component\/[a-z-]+\/observability\?section=slos$/,
  );
  await page.goto(latest.payload.link);
  await expect(
    page.getByRole('tab', { name: 'SLOs', selected: true }),
  ).toBeVisible();
});
