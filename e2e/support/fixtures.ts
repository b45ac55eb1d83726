import { test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ApiClient } from './api-client.js';
import { CanvasPage } from './pages/canvas-page.js';
import { PublicChatPage } from './pages/public-chat-page.js';

export { expect } from '@playwright/test';

type Author = ApiClient & { email: string; password: string };

/** Opens a visitor: a fresh browser context (own cookies, own storage) on an instance. */
export type NewVisitor = (options?: { baseURL?: string }) => Promise<PublicChatPage>;

interface Fixtures {
  /** A new author (signed up through the API) on the run's instance. */
  author: Author;
  /** Canvas in the test's page, signed in as `author`. */
  canvas: CanvasPage;
  newVisitor: NewVisitor;
}

/** A context signed in as the author (session cookie), for Canvas on `baseURL`. */
export async function signedInContext(browser: Browser, author: ApiClient, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: 'sid', value: author.sessionId, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

export const test = base.extend<Fixtures>({
  author: async ({}, use) => {
    await use(await ApiClient.signUp(baseUrl(), 'author'));
  },
  canvas: async ({ page, author }, use) => {
    await page
      .context()
      .addCookies([{ name: 'sid', value: author.sessionId, url: baseUrl(), httpOnly: true, sameSite: 'Lax' }]);
    await use(new CanvasPage(page));
  },
  newVisitor: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async ({ baseURL = baseUrl() } = {}) => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      return new PublicChatPage(await context.newPage());
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: the global setup starts the product');
  return url;
}

/**
 * Everything on a page that must not happen in a safe chat: dialogs (alert),
 * uncaught errors, console errors (CSP violations are logged there too), CSP
 * violation events, and requests to any other origin than the app's.
 */
export async function watchPage(page: Page) {
  const origin = new URL(baseUrl()).origin;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) {
      consoleErrors.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin) foreignRequests.push(request.url());
  });
  // CSP violations also fire an event in the page: record them from the start.
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return {
    dialogs,
    pageErrors,
    consoleErrors,
    foreignRequests,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}
