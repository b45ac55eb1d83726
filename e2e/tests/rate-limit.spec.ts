import { randomInt } from 'node:crypto';
import { ApiClient, templateDefinition, type Published } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { PublicChatPage } from '../support/pages/public-chat-page.js';
import { startProduct, type Product } from '../support/product.js';

/*
 * Low limits on an instance of its own. Counters can live in a Redis shared with
 * other runs, so each visitor gets keys no one else uses: messages count per
 * visitor id (a fresh context has a fresh one), and session minting counts per
 * client IP, which this instance takes from X-Forwarded-For (TRUST_PROXY), so
 * each visitor comes from an address of its own.
 */
const MESSAGES_PER_MIN = 2;
const SESSIONS_PER_MIN = 3;
let product: Product;
let published: Published;

test.beforeAll(async () => {
  product = await startProduct({
    RATE_LIMIT_MESSAGES_PER_MIN: String(MESSAGES_PER_MIN),
    RATE_LIMIT_SESSIONS_PER_MIN: String(SESSIONS_PER_MIN),
    TRUST_PROXY: 'true',
  });
  const author = await ApiClient.signUp(product.baseUrl);
  published = await author.publish((await author.createWorkflow(templateDefinition('Limited:'))).id);
});
test.afterAll(async () => {
  await product?.close();
});

async function visitorFromOwnAddress(browser: import('@playwright/test').Browser) {
  const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const context = await browser.newContext({ baseURL: product.baseUrl, extraHTTPHeaders: { 'X-Forwarded-For': ip } });
  return { context, visitor: new PublicChatPage(await context.newPage()) };
}

test('too many new chat sessions: the visitor sees the wait, counting down, with Try again held until it is over', async ({
  browser,
}) => {
  const { context, visitor: first } = await visitorFromOwnAddress(browser);
  try {
    // The visitor opens the link again and again, each time in a new tab.
    await first.open(published.shareUrl);
    await first.expectChat();
    for (let i = 1; i < SESSIONS_PER_MIN; i += 1) {
      const tab = new PublicChatPage(await context.newPage());
      await tab.open(published.shareUrl);
      await tab.expectChat();
    }
    const visitor = new PublicChatPage(await context.newPage());
    await visitor.open(published.shareUrl);
    await visitor.expectScreen('rate-limited');
    await expect(visitor.page.getByTestId('retry-countdown')).toHaveText(/You can try again in \d+ seconds?\./);
    const wait = await visitor.secondsToWait();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    await expect(visitor.screen('rate-limited').getByRole('button', { name: 'Try again' })).toBeDisabled();
    // The countdown runs.
    await expect.poll(() => visitor.secondsToWait(), { timeout: 5_000 }).toBeLessThan(wait!);
  } finally {
    await context.close();
  }
});

test('too many messages: the visitor sees the wait, the page tries again by itself when it is over, and the visitor can send again', async ({
  browser,
}) => {
  // The limit's window is a real minute on the server: this test waits for it
  // (about 60 s), which is the behaviour under test. Everything else is fast.
  test.setTimeout(120_000);
  const { context, visitor } = await visitorFromOwnAddress(browser);
  try {
    await visitor.open(published.shareUrl);
    const chat = await visitor.expectChat();
    for (let i = 1; i <= MESSAGES_PER_MIN; i += 1) await chat.ask(`allowed ${i}`, `Limited: allowed ${i}`);

    await chat.send('one too many');
    await visitor.expectScreen('rate-limited');
    const wait = await visitor.secondsToWait();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);

    // At zero the screen tries again on its own and the chat comes back, with the thread.
    await expect(visitor.page.getByTestId('public-chat')).toBeVisible({ timeout: (wait! + 10) * 1000 });
    await expect(chat.userMessages).toHaveText(['allowed 1', 'allowed 2']);
    await chat.ask('allowed again', 'Limited: allowed again');
  } finally {
    await context.close();
  }
});
