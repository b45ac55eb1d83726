import type { Definition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

/** A three-step router: the refund branch answers, the other one is skipped. */
const router: Definition = {
  v: 1,
  chat: { greeting: 'Trace me' },
  nodes: [
    { id: 'ask', type: 'template', config: { template: 'Order: {{input}}' } },
    { id: 'is_refund', type: 'condition', config: { on: 'input', contains: 'refund' } },
    { id: 'refund', type: 'reply', config: { text: 'Refunds take five days.' } },
    { id: 'other', type: 'reply', config: {} },
  ],
  edges: [
    { source: 'ask', target: 'is_refund' },
    { source: 'is_refund', target: 'refund', when: 'true' },
    { source: 'is_refund', target: 'other', when: 'false' },
  ],
};

test('testing a workflow in the bubble shows which steps ran, in the chat and on the page', async ({ author, canvas }) => {
  const workflow = await author.createWorkflow(router);
  await canvas.openWorkflow(workflow.id);
  const lastRun = canvas.page.getByTestId('last-run');
  await expect(lastRun).toContainText('Send a message in the test chat');

  const chat = await canvas.openBubble();
  await chat.ask('I want a refund', 'Refunds take five days.');

  // The trace: one step per node that ran, folded once the run is over; the author can open it.
  const trace = chat.element.locator('details.workflow');
  await expect(trace).toHaveCount(1);
  await expect(trace).not.toHaveAttribute('open');
  await trace.locator('summary').click();
  await expect(trace.locator('.step-title')).toHaveText(['ask (template)', 'is_refund (condition)', 'refund (reply)']);
  await expect(trace.locator('.step').nth(1)).toContainText(/\d+ ms · true/);

  // The page knows the last run, step by step (the graph editor takes the same map).
  const status = (id: string) => lastRun.locator(`li[data-node-id="${id}"]`);
  await expect(status('ask')).toHaveAttribute('data-status', 'done');
  await expect(status('is_refund')).toHaveAttribute('data-status', 'done');
  await expect(status('refund')).toHaveAttribute('data-status', 'done');
  await expect(status('other')).toHaveAttribute('data-status', 'skipped');
  // The graph marks the same run on its steps.
  const badge = (id: string) => canvas.graph.step(id).getByTestId('run-badge');
  await expect(badge('refund')).toContainText(/^Done · \d/);
  await expect(badge('is_refund')).toContainText('Done');
  await expect(badge('other')).toHaveText('Skipped');
  await saveGuideScreenshot(canvas.page, 'canvas-run-trace');

  // Another message takes the other branch: the page follows the new run.
  await chat.ask('hello', 'hello');
  await expect(status('other')).toHaveAttribute('data-status', 'done');
  await expect(status('refund')).toHaveAttribute('data-status', 'skipped');
  await expect(badge('other')).toContainText('Done');
  await expect(badge('refund')).toHaveText('Skipped');
  await canvas.closeBubble();
  await saveGuideScreenshot(lastRun, 'canvas-last-run');
});

test('a failing step is marked in the trace and on the page', async ({ author, canvas }) => {
  const workflow = await author.createWorkflow({
    v: 1,
    nodes: [
      { id: 'ask', type: 'template', config: { template: '{{input}}' } },
      // Private addresses are refused for http steps: a failure that needs no outside service.
      { id: 'lookup', type: 'http', config: { url: 'http://127.0.0.1:9/orders' } },
      { id: 'answer', type: 'reply', config: {} },
    ],
    edges: [
      { source: 'ask', target: 'lookup' },
      { source: 'lookup', target: 'answer' },
    ],
  });
  await canvas.openWorkflow(workflow.id);
  const chat = await canvas.openBubble();
  await chat.send('order 42');
  await expect(chat.error).toBeVisible();
  const trace = chat.element.locator('details.workflow');
  await expect(trace.locator('.step-title')).toHaveText(['ask (template)', 'Failed: lookup (http)']);
  await expect(canvas.page.getByTestId('last-run').locator('li[data-node-id="lookup"]')).toHaveAttribute(
    'data-status',
    'failed',
  );
});

test('the page says when the latest saved version is not published, and switching asks first', async ({
  author,
  canvas,
}) => {
  const workflow = await author.createWorkflow(router);
  await author.publish(workflow.id);
  await author.saveDefinition(workflow.id, { ...router, chat: { greeting: 'Version two' } });
  await canvas.openWorkflow(workflow.id);

  const banner = canvas.page.getByTestId('draft-differs');
  await expect(banner).toContainText('Visitors chat with v1');
  await expect(banner).toContainText('v2, is not published yet');
  await banner.getByRole('button', { name: 'Publish this version' }).click();
  const confirm = canvas.page.getByTestId('switch-version-confirm');
  await expect(confirm).toContainText('Publish v2 instead of v1?');
  await saveGuideScreenshot(canvas.page.getByTestId('publish-panel'), 'publish-this-version');
  // Nothing changed before the author confirms.
  expect((await author.getWorkflow(workflow.id)).publish.publishedVersion).toBe(1);
  await confirm.getByRole('button', { name: 'Yes, publish v2' }).click();
  await expect(banner).toBeHidden();
  await expect(canvas.page.getByLabel('Published version')).toHaveValue('2');
  expect((await author.getWorkflow(workflow.id)).publish.publishedVersion).toBe(2);
});
