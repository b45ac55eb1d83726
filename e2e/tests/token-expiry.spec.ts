import { ApiClient, templateDefinition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { startProduct, type Product } from '../support/product.js';

// Chat JWTs that live 5 s: the visitor's chat has to renew them all the time.
let product: Product;
test.beforeAll(async () => {
  product = await startProduct({ CHAT_JWT_TTL_SECONDS: '5' });
});
test.afterAll(async () => {
  await product?.close();
});

test('a visitor keeps chatting across several chat-token expiries without noticing', async ({ newVisitor }) => {
  test.setTimeout(60_000);
  const author = await ApiClient.signUp(product.baseUrl);
  const workflow = await author.createWorkflow(templateDefinition('Short-lived:'));
  const { shareUrl } = await author.publish(workflow.id);

  const visitor = await newVisitor({ baseURL: product.baseUrl });
  // Every chat token the page received, with its expiry.
  const expiries: number[] = [];
  visitor.page.on('response', async (response) => {
    if (response.request().method() === 'POST' && /\/api\/public\/workflows\/[^/]+\/session$/.test(response.url())) {
      const body = (await response.json().catch(() => null)) as { expiresAt?: string } | null;
      if (body?.expiresAt) expiries.push(Date.parse(body.expiresAt));
    }
  });
  await visitor.open(shareUrl);
  const chat = visitor.chat;

  const sent: string[] = [];
  for (let round = 1; round <= 3; round += 1) {
    const text = `message ${round} after ${round - 1} expiries`;
    await chat.ask(text, `Short-lived: ${text}`);
    sent.push(text);
    // Real time passing is the point here: wait (by the clock, not a fixed sleep)
    // until every token handed to the page so far has expired.
    const latest = Math.max(...expiries);
    await expect.poll(() => Date.now(), { timeout: 10_000, intervals: [250] }).toBeGreaterThan(latest + 250);
  }
  await chat.ask('one more after the last expiry', 'Short-lived: one more after the last expiry');
  sent.push('one more after the last expiry');

  await expect(chat.error).toBeHidden();
  await expect(chat.userMessages).toHaveText(sent);
  await expect(chat.replies).toHaveText(sent.map((t) => `Short-lived: ${t}`));
  await expect(visitor.page.getByTestId('public-chat')).toBeVisible();
  // The page did renew: more than one token was minted.
  expect(expiries.length).toBeGreaterThan(3);

  // And the thread survived it all.
  await visitor.reload();
  await expect(chat.userMessages).toHaveText(sent);
});
