import { ApiClient, templateDefinition } from '../support/api-client.js';
import { baseUrl, expect, signedInContext, test } from '../support/fixtures.js';
import { CanvasPage } from '../support/pages/canvas-page.js';
import { startProduct, type Product } from '../support/product.js';

/** The bubble's telemetry as the server counted it (tests run one at a time, so deltas are exact). */
async function telemetry(): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl()}/api/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^wfchat_telemetry_events_total\{event="([^"]+)"\} (\d+)$/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}
const delta = (after: Record<string, number>, before: Record<string, number>, event: string) =>
  (after[event] ?? 0) - (before[event] ?? 0);

test('the bubble records open, close and session outcomes in /api/metrics', async ({ author, canvas }) => {
  const workflow = await author.createWorkflow(templateDefinition('Bubble:'));
  await canvas.openWorkflow(workflow.id);
  const before = await telemetry();

  const chat = await canvas.openBubble();
  await chat.ask('telemetry check', 'Bubble: telemetry check');
  await canvas.closeBubble();

  await expect
    .poll(async () => {
      const after = await telemetry();
      return ['canvas.chat.open', 'canvas.chat.session.success', 'canvas.chat.close', 'canvas.chat.session.failure'].map(
        (event) => delta(after, before, event),
      );
    })
    .toEqual([1, 1, 1, 0]);
});

test('a chat that cannot start says why and offers Retry, which tries again', async ({ author, canvas }) => {
  const workflow = await author.createWorkflow(templateDefinition('Gone:'));
  await canvas.openWorkflow(workflow.id);
  // The workflow disappears while its page is open (deleted in another tab): a real failure.
  await author.request('DELETE', `/api/workflows/${workflow.id}`);
  const before = await telemetry();

  await canvas.page.getByTestId('chat-bubble').click();
  const failure = canvas.page.getByTestId('canvas-chat-error');
  await expect(failure).toContainText('No such workflow.');
  await expect.poll(async () => delta(await telemetry(), before, 'canvas.chat.session.failure')).toBe(1);

  await failure.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(async () => delta(await telemetry(), before, 'canvas.chat.session.failure')).toBe(2);
  await expect(canvas.page.getByTestId('canvas-chat-error')).toBeVisible();
  await expect(canvas.page.getByTestId('canvas-chat')).toHaveCount(0);
});

test.describe('with CHATKIT_CANVAS_ENABLED=false', () => {
  let product: Product;
  test.beforeAll(async () => {
    product = await startProduct({ CHATKIT_CANVAS_ENABLED: 'false' });
  });
  test.afterAll(async () => {
    await product?.close();
  });

  test('the workflow page has no chat bubble; publishing is still there', async ({ browser }) => {
    const author = await ApiClient.signUp(product.baseUrl, 'author');
    const workflow = await author.createWorkflow(templateDefinition('Flag:'));
    const context = await signedInContext(browser, author, product.baseUrl);
    const canvas = new CanvasPage(await context.newPage());
    await canvas.openWorkflow(workflow.id);
    // The publish panel depends on the same feature flags: once it shows, the flags are loaded.
    await expect(canvas.page.getByTestId('publish-panel')).toBeVisible();
    await expect(canvas.page.getByTestId('chat-bubble')).toHaveCount(0);
    await context.close();
  });
});
