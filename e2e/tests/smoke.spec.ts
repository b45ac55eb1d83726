import { expect, test } from '@playwright/test';

test('the built app opens in Chromium from the API process, at the sign-in page', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a public chat route without its token explains the link is incomplete', async ({ page }) => {
  await page.goto('/chat/some-workflow');
  await expect(page.getByTestId('screen-invalid-link')).toBeVisible();
});
