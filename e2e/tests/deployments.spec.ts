import { expect, test } from '@playwright/test';
import path from 'node:path';
import { runningStack, signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const HOUR_MS = 3_600_000;

test('checkout’s rollouts are marked on the RED charts and judged in the Deployments list', async ({
  page,
}) => {
  // checkout's demo rollouts (2.3.0 → 2.4.0, the bad one, and 2.4.0 →
  // 2.4.1), one and two hours before the stack started (workload/model.mjs).
  const rollouts = ((await runningStack()).rollouts ?? []).filter(
    r => r.service === 'checkout',
  );
  const last = Math.max(...rollouts.map(r => r.atMs));
  // A 6-hour range that holds both recent rollouts, ending at most now.
  const to = Math.min(Date.now() - 60_000, last + 3 * HOUR_MS);
  const from = to - 6 * HOUR_MS;
  const shown = rollouts.filter(r => r.atMs >= from && r.atMs <= to);
  expect(shown.map(r => r.to)).toEqual(['2.4.0', '2.4.1']);

  await signIn(page);
  await page.goto(
    `/catalog/default/component/checkout/observability?section=overview&from=${new Date(
      from,
    ).toISOString()}&to=${new Date(to).toISOString()}`,
  );

  const rateChart = page.getByRole('img', {
    name: /^Request rate by status class/,
  });
  const markers = rateChart.getByTestId('deployment-marker');
  await expect(markers).toHaveCount(2);
  await expect(markers.first()).toHaveAccessibleName(
    /^Rollout of 2\.4\.0 \(was 2\.3\.0\), .+, by Deployment shop\/checkout/,
  );
  // The error ratio and latency charts carry the same markers.
  for (const name of [/^Error ratio;/, /^Latency p50/]) {
    await expect(
      page.getByRole('img', { name }).getByTestId('deployment-marker'),
    ).toHaveCount(2);
  }
  // Hovering a marker names the rollout.
  await markers.first().hover();
  await expect(page.getByRole('tooltip')).toContainText('Rollout of 2.4.0');

  const list = page.getByRole('table', { name: 'Deployments' });
  const bad = list.getByRole('row').filter({ hasText: '2.3.0 → 2.4.0' });
  // A factor, or "0% → x%" when the half hour before held no error (the
  // backend's test checks which one against the workload model).
  const verdict = bad.getByText(
    /^p95 \+\d+%, error ratio (×\d+(\.\d)?|0% → \d+(\.\d+)?%)$/,
  );
  await expect(verdict).toBeVisible();
  await expect(verdict).toHaveAttribute(
    'title',
    /after the .* UTC rollout of 2\.4\.0$/,
  );
  const fix = list.getByRole('row').filter({ hasText: '2.4.0 → 2.4.1' });
  await expect(fix).toBeVisible();

  // The screenshot: the latency chart's markers, one's tooltip, and the list.
  const latencyChart = page.getByRole('img', { name: /^Latency p50/ });
  await latencyChart.evaluate(chart =>
    chart.scrollIntoView({ block: 'start' }),
  );
  await page.mouse.wheel(0, -60);
  await latencyChart.getByTestId('deployment-marker').first().hover();
  await expect(page.getByRole('tooltip')).toContainText('Rollout of 2.4.0');
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'deployments-light.png'),
  });
});
