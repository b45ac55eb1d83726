import { expect, test } from '@playwright/test';

test('the built app opens in Chromium from the API process', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Canvas' })).toBeVisible();
});

test('a public chat route is served by the SPA fallback', async ({ page }) => {
  await page.goto('/chat/some-workflow');
  await expect(page.getByTestId('public-chat')).toBeVisible();
});
