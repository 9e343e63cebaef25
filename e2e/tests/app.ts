import { expect, Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StackInfo } from '../stack/index.mjs';

/**
 * Signs in as the guest user (user:default/guest, a member of team-shop) in
 * the given theme. Backstage's AppThemeApi keeps the chosen theme in
 * localStorage "theme".
 */
export async function signIn(page: Page, theme: 'light' | 'dark' = 'light') {
  await page.addInitScript(
    id => window.localStorage.setItem('theme', id),
    theme,
  );
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Checkout', exact: true }),
  ).toBeVisible();
}

/**
 * The running local telemetry stack, as `stack/index.mjs ensure` reports it
 * (started by scripts/test.sh, or here when nothing runs): its anchor is
 * when its live data begins, which backfilled history does not have for
 * logs, traces and exemplars.
 */
export async function runningStack(): Promise<StackInfo> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.resolve(__dirname, '../stack/index.mjs'), 'ensure'],
    { timeout: 240_000, maxBuffer: 10 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}
