import { APIRequestContext, expect, test } from '@playwright/test';
import path from 'node:path';
import { runningStack, signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const API = 'http://localhost:7007/api';
const TASKS = `${API}/observability/.backstage/scheduler/v1/tasks`;
const FLEET_TASK = 'observability-slo-fleet';
const ADJUSTMENTS = `${API}/observability/entities/component/default/payments/slo-adjustments`;
const REASON = `E2E notification test ${Date.now()}`;
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

/** A guest's headers for the backend's own API. */
async function guestHeaders(request: APIRequestContext) {
  const auth = await request.get(`${API}/auth/guest/refresh`);
  return {
    Authorization: `Bearer ${(await auth.json()).backstageIdentity.token}`,
  };
}

/**
 * Runs the SLO fleet evaluation now, through the scheduler's own endpoint,
 * and waits until it has ended (it runs every 10 minutes on its own).
 */
async function runFleetEvaluation(
  request: APIRequestContext,
  headers: Record<string, string>,
) {
  const fleetTask = async () => {
    const res = await request.get(TASKS, { headers });
    expect(res.ok()).toBe(true);
    const { tasks } = (await res.json()) as {
      tasks: Array<{
        taskId: string;
        taskState: { status: string; lastRunEndedAt?: string } | null;
      }>;
    };
    return tasks.find(t => t.taskId === FLEET_TASK)!.taskState;
  };
  // 409 while a run is going on: that run may have read the old state.
  await expect(async () => {
    const res = await request.post(`${TASKS}/${FLEET_TASK}/trigger`, {
      headers,
    });
    expect(res.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
  // Read once the trigger was taken (no run was going on then): the next
  // end is this run's.
  const before = (await fleetTask())?.lastRunEndedAt;
  await expect(async () => {
    const state = await fleetTask();
    expect(state?.status).toBe('idle');
    expect(state?.lastRunEndedAt).not.toBe(before);
  }).toPass({ timeout: 120_000 });
}

/** The guest's newest SLO notification about payments. */
async function paymentsNotification(
  request: APIRequestContext,
  headers: Record<string, string>,
) {
  const listed = await request.get(
    `${API}/notifications/notifications?topic=observability-slo`,
    { headers },
  );
  expect(listed.ok()).toBe(true);
  const { notifications } = (await listed.json()) as {
    notifications: Array<{ payload: { title: string; link: string } }>;
  };
  return notifications.find(n => n.payload.link.includes('/payments/'));
}

/**
 * The owners' notifications come from the fleet evaluation when one of a
 * team-shop service's SLOs changes status. The demo's SLOs keep their
 * status for hours (payments burns steadily), so the test makes payments
 * change as an owner would: it excludes the incident from the budget
 * (payments is then met), and deletes the exclusion afterwards (at risk
 * again), each followed by a fleet run.
 */
test('the bell lists the SLO notification and its link opens the service’s SLO section', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const headers = await guestHeaders(request);
  // A run first, so that payments has a snapshot to change from.
  await runFleetEvaluation(request, headers);
  const { incidents } = await runningStack();
  const created = await request.post(ADJUSTMENTS, {
    headers,
    data: {
      reason: REASON,
      start: new Date(incidents.payments.startMs).toISOString(),
      end: new Date(Date.now() + 3_600_000).toISOString(),
      slos: ['availability'],
    },
  });
  expect(created.status()).toBe(201);
  await runFleetEvaluation(request, headers);
  const latest = await paymentsNotification(request, headers);
  expect(latest?.payload.title).toMatch(
    /SLO "Availability" is met \(was at risk\)$/,
  );

  await signIn(page);
  await page
    .getByRole('link', { name: /Notifications/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/notifications/);
  const row = page.getByText(latest!.payload.title, { exact: true });
  await expect(row).toBeVisible();
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'slo-notification-light.png'),
  });

  expect(latest!.payload.link).toBe(
    '/catalog/default/component/payments/observability?section=slos',
  );
  await page.goto(latest!.payload.link);
  await expect(
    page.getByRole('tab', { name: 'SLOs', selected: true }),
  ).toBeVisible();

  // Back to burning, for the specs after this one.
  await deleteAdjustment(request, headers);
  await runFleetEvaluation(request, headers);
  expect((await paymentsNotification(request, headers))?.payload.title).toMatch(
    /SLO "Availability" is at risk \(was met\)$/,
  );
});

/** Deletes the exclusion this spec made, should a step fail before it does. */
async function deleteAdjustment(
  request: APIRequestContext,
  headers: Record<string, string>,
) {
  const list = await (await request.get(ADJUSTMENTS, { headers })).json();
  for (const a of list.adjustments ?? []) {
    if (a.reason === REASON) {
      const res = await request.delete(`${ADJUSTMENTS}/${a.id}`, { headers });
      expect(res.status()).toBe(204);
    }
  }
}

test.afterAll(async ({ request }) => {
  await deleteAdjustment(request, await guestHeaders(request));
});
