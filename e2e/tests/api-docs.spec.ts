import { expect, test } from '@playwright/test';
import { watchPage } from '../support/fixtures.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

test('the API reference page renders the OpenAPI document from our own origin, within the page CSP', async ({
  page,
}) => {
  const watch = await watchPage(page);
  const response = await page.goto('/api/docs');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('heading', { name: /wfchat API/ })).toBeVisible();
  const publish = page.locator('#operations-Publishing-publishWorkflow');
  await expect(publish).toContainText('/api/workflows/{id}/publish');
  await publish.locator('.opblock-summary').click();
  await expect(publish.locator('.responses-table')).toContainText('publish.already_published');
  await saveGuideScreenshot(page, 'api-docs');

  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('the API reference page fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/api/docs');
  await expect(page.locator('#operations-Workflows-listWorkflows')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
