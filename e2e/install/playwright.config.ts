import { defineConfig } from '@playwright/test';
import examplePlaywrightConfig from '../playwright.config';

/**
 * The install test's browser check (run.mjs runs it once per app it creates
 * and started): the same Chromium and flags as the end-to-end tests, against
 * the app at SIGHTLINE_INSTALL_APP_URL.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'install.spec.ts',
  // A fresh app serves its first pages slowly, and the catalog reads the
  // demo's entities only after start-up.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list']],
  outputDir: `../test-results/install/${process.env.SIGHTLINE_INSTALL_CASE}`,
  use: {
    ...examplePlaywrightConfig.use,
    baseURL: process.env.SIGHTLINE_INSTALL_APP_URL,
  },
});
