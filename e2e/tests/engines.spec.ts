import { expect, test } from '@playwright/test';
import path from 'node:path';
import { signIn } from './app';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

// Checkout read through each PromQL engine of the local stack
// (examples/entities/engines.yaml): Setup names the engine it detected and
// what of Sightline works on it, with the reason where something does not.
const ENGINES = [
  {
    entity: 'checkout',
    screenshot: 'setup-engine-prometheus-light.png',
    engine: /Metrics engine: Prometheus \d/,
    missing: [],
  },
  {
    entity: 'checkout-on-victoriametrics',
    screenshot: 'setup-engine-victoriametrics-light.png',
    engine: /Metrics engine: VictoriaMetrics/,
    missing: [/VictoriaMetrics stores no exemplars/],
  },
  {
    entity: 'checkout-on-mimir',
    screenshot: 'setup-engine-mimir-prefix-light.png',
    // The strict proxy answers Prometheus' buildinfo, as it forwards it.
    engine: /Metrics engine: Prometheus \d/,
    missing: [/has no targets API \(\/api\/v1\/targets answered HTTP 404\)/],
  },
];

for (const { entity, screenshot, engine, missing } of ENGINES) {
  test(`Setup of ${entity} shows the engine it detected and what it offers`, async ({
    page,
  }) => {
    await signIn(page);
    await page.goto(
      `/catalog/default/component/${entity}/observability?section=setup`,
    );
    const details = page.getByTestId('prometheus-engine');
    await expect(details.getByText(engine)).toBeVisible();
    for (const reason of missing) {
      await expect(details.getByText(reason)).toBeVisible();
    }
    // Reachable with the default probe, prefix or not (issue 21, item 1).
    const prometheus = page.getByRole('row').filter({ hasText: 'Prometheus' });
    await expect(
      prometheus.getByText('Reachable', { exact: true }),
    ).toBeVisible();
    await details.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, screenshot) });
  });
}
