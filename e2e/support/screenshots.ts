import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';

const imagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/guides/images');

/**
 * With `E2E_SCREENSHOTS=1`, saves a screenshot for the guides in
 * `docs/guides/images/<name>.png`; otherwise does nothing.
 */
export async function saveGuideScreenshot(target: Page | Locator, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  fs.mkdirSync(imagesDir, { recursive: true });
  await target.screenshot({ path: path.join(imagesDir, `${name}.png`), animations: 'disabled' });
}
