import { expect, test } from '@playwright/test';
import { signIn } from './app';

const BACKEND = 'http://localhost:7007';
const PAYMENTS = '/catalog/default/component/payments/observability';
const PAYMENTS_API = `${BACKEND}/api/observability/entities/component/default/payments`;

// The example's policy (packages/backend/src/permissionPolicy.ts) grants
// silences and applying monitoring to an entity's owners. Visitor, the
// example's second sign-in, owns nothing; payments is team-shop's.
test('a user who does not own payments gets no silence controls, and 403 from the backend for a silence or an apply', async ({
  page,
  request,
}) => {
  // The sign-in page offers guest only: visitor's provider answers instead.
  await page.route('**/api/auth/guest/refresh*', route =>
    route.continue({
      url: route.request().url().replace('/auth/guest/', '/auth/visitor/'),
    }),
  );
  await signIn(page);

  // The page asks about payments itself (a resource permission), and is denied.
  const decision = page.waitForResponse(
    res =>
      res.url().endsWith('/api/permission/authorize') &&
      (res.request().postData() ?? '').includes('observability.silence.create'),
  );
  await page.goto(`${PAYMENTS}?section=alerts`);
  const asked = (await decision).request().postDataJSON().items;
  const answered = (await (await decision).json()).items;
  const silenceQuestion = asked.find(
    (i: any) => i.permission.name === 'observability.silence.create',
  );
  expect(silenceQuestion.resourceRef).toBe('component:default/payments');
  expect(answered.find((i: any) => i.id === silenceQuestion.id).result).toBe(
    'DENY',
  );

  const alerts = page.getByRole('list', { name: 'Alerts' });
  await expect(
    alerts.getByText('PaymentsAvailabilityErrorBudgetBurn').first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /^Silence/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Expire/ })).toHaveCount(0);

  const auth = await request.get(`${BACKEND}/api/auth/visitor/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const headers = {
    Authorization: `Bearer ${(await auth.json()).backstageIdentity.token}`,
  };
  const silence = await request.post(`${PAYMENTS_API}/silences`, {
    headers,
    data: {
      comment: 'e2e: not an owner',
      durationMinutes: 5,
      matchers: [{ name: 'alertname', op: '=', value: 'NeverFires' }],
    },
  });
  expect(silence.status()).toBe(403);
  expect((await silence.json()).error.message).toContain(
    'observability.silence.create',
  );
  const apply = await request.post(`${PAYMENTS_API}/monitoring/apply`, {
    headers,
    data: {},
  });
  expect(apply.status()).toBe(403);
  expect((await apply.json()).error.message).toContain(
    'observability.monitoring.apply',
  );
});
