import { Page } from '@playwright/test';

/** The example app the browser benches open (`yarn start`, or a build served by serve-app-build.ts). */
export const APP = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';

/**
 * Signs in as the guest user. The example app's backend restarts whenever
 * its sources change: up to five tries wait it out.
 */
export async function signInAsGuest(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(APP);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByRole('link', { name: 'Checkout', exact: true })
        .waitFor({ timeout: 60_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** The sections the browser benches open: the Overview, and Logs as the baseline. */
export type BenchSection = 'overview' | 'logs';

/** The section has drawn its data: the charts' lines or the log lines. */
export async function sectionDrawn(
  page: Page,
  section: BenchSection,
): Promise<void> {
  if (section === 'overview') {
    await page
      .getByRole('img', { name: /^Latency p50/ })
      .locator('path.recharts-line-curve')
      .first()
      .waitFor();
  } else {
    await page.getByTestId('log-line').first().waitFor();
  }
}
