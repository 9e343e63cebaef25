import { expect, Page } from '@playwright/test';

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
