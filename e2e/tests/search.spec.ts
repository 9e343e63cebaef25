import { APIRequestContext, expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const BACKEND = 'http://localhost:7007';
// The SLO examples/entities/shop.yaml declares for checkout with
// `sightline.dev/slo-latency` (only checkout has one).
const SLO_NAME = 'Latency';

/** The search backend's `observability` hits for a term, as the guest user. */
async function observabilityHits(request: APIRequestContext, term: string) {
  const auth = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!auth.ok()) return [];
  const token = (await auth.json()).backstageIdentity.token;
  const res = await request.get(`${BACKEND}/api/search/query`, {
    params: { term, 'types[0]': 'observability' },
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok()) return [];
  const body = await res.json();
  return body.results.map((r: any) => r.document.entityRef as string);
}

test("search finds checkout by its SLO's name and opens its Observability tab at the SLO section", async ({
  page,
  request,
}) => {
  // The collator runs a few seconds after the backend starts (app-config's
  // search.collators.observability.schedule); wait for the index to have it.
  await expect
    .poll(() => observabilityHits(request, SLO_NAME), { timeout: 120_000 })
    .toContain('component:default/checkout');

  await signIn(page);
  await page.goto('/search');

  await page.getByRole('textbox', { name: 'Search' }).fill(SLO_NAME);
  await page.getByRole('button', { name: /Observability/ }).click();

  const result = page
    .getByTestId('observability-search-result')
    .filter({ hasText: 'Checkout observability' });
  await expect(result).toBeVisible();
  // Status chip, owner and the SLO the query matched, each from the index.
  await expect(
    result.getByText(/^SLOs: (Met|At risk|Violated)$/),
  ).toBeVisible();
  await expect(result.getByText(/^Owner: team-shop · 2 SLOs/)).toBeVisible();
  await expect(
    result.getByRole('link', { name: SLO_NAME, exact: true }),
  ).toHaveAttribute(
    'href',
    '/catalog/default/component/checkout/observability?section=slos',
  );
  // Only observability results under the Observability type.
  await expect(
    page.getByRole('link', { name: 'Checkout', exact: true }),
  ).toHaveCount(0);
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'search-light.png'),
    fullPage: true,
  });

  await result.getByRole('link', { name: 'Checkout observability' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout\/observability\?section=slos$/,
  );
  await expect(page.getByRole('tab', { name: 'SLOs' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});
