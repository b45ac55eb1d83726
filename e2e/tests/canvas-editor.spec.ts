import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import type { CanvasPage } from '../support/pages/canvas-page.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

const PRICING = 'Starter is 9 EUR a month.';
const OTHER = 'Ask me about prices.';

/** Where a step is drawn, as React Flow places it (its transform in the flow's coordinates). */
const transformOf = (page: Page, id: string) =>
  page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((n) => (n as HTMLElement).style.transform);

/** Builds "is it about prices? → one of two answers → reply" on the canvas, without the JSON view. */
async function buildBranchingWorkflow(canvas: CanvasPage) {
  const { graph, page } = canvas;
  // A new workflow starts with two steps: remove them with the keyboard.
  for (const id of ['answer', 'reply']) {
    await graph.select(id);
    await page.keyboard.press('Delete');
    await expect(graph.step(id)).toHaveCount(0);
  }

  await graph.add('Condition');
  await graph.panel.getByLabel('Value').fill('price');
  await graph.add('Template'); // lands under the selected condition
  await graph.panel.getByLabel('Template').fill(PRICING);
  await graph.add('Template');
  await graph.panel.getByLabel('Template').fill(OTHER);
  await graph.add('Reply');
  expect(await graph.stepIds()).toEqual(['condition', 'reply', 'template', 'template_2']);

  // Untangle the column the steps were added in: the second answer goes beside the first.
  await graph.fitView();
  await graph.move('template_2', 260, -130);
  await graph.move('reply', 130, 0);

  // Connect by mouse (dragging from the dots) and by keyboard (the side panel's choices).
  await graph.fitView();
  await graph.drag('condition', 'template', 'true');
  await expect(graph.edge('condition', 'template')).toHaveCount(1);
  await graph.select('condition');
  await graph.setNext('If false, go to', 'template_2');
  await graph.drag('template', 'reply');
  await graph.select('template_2');
  await graph.setNext('Next step', 'reply');
  await expect(graph.edges).toHaveCount(4);
  await expect(graph.root.locator('.react-flow__edge-text')).toHaveText(['true', 'false']);
  await expect(page.getByTestId('definition-valid')).toBeAttached();
}

test('a branching workflow built by mouse and keyboard saves, answers in the bubble and reloads the same', async ({
  author,
  canvas,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const id = await canvas.createWorkflow('Pricing router');
  const { graph } = canvas;
  await expect(graph.root).toBeVisible();
  await buildBranchingWorkflow(canvas);

  // Undo and redo from the keyboard while the canvas has focus.
  await graph.add('HTTP request');
  await expect(graph.step('http')).toBeVisible();
  await graph.step('http').locator('.step-title').click();
  await page.keyboard.press('Control+z');
  await expect(graph.step('http')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(graph.step('http')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(graph.step('http')).toHaveCount(0);

  const before = Object.fromEntries(
    await Promise.all(['condition', 'template', 'template_2', 'reply'].map(async (n) => [n, await transformOf(page, n)])),
  );
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();

  // What the server stored: the graph, positions included, with its true/false branches.
  const saved = (await author.getWorkflow(id)).definition as unknown as {
    nodes: { id: string; position?: unknown }[];
    edges: unknown[];
    ui?: unknown;
  };
  expect(saved.nodes.every((n) => n.position)).toBe(true);
  expect(saved.edges).toEqual(
    expect.arrayContaining([
      { source: 'condition', target: 'template', when: 'true' },
      { source: 'condition', target: 'template_2', when: 'false' },
      { source: 'template', target: 'reply' },
      { source: 'template_2', target: 'reply' },
    ]),
  );
  expect(saved.ui).toMatchObject({ viewport: { zoom: expect.any(Number) } });
  await saveGuideScreenshot(page, 'canvas-editor-desktop');

  const chat = await canvas.openBubble();
  await chat.ask('What is the price?', PRICING);
  await chat.ask('Hello there', OTHER);
  await canvas.closeBubble();

  await page.reload();
  await expect(graph.root).toBeVisible();
  expect(await graph.stepIds()).toEqual(['condition', 'reply', 'template', 'template_2']);
  await expect(graph.edges).toHaveCount(4);
  for (const [n, transform] of Object.entries(before)) expect(await transformOf(page, n)).toBe(transform);

  await graph.select('condition');
  await expect(graph.panel.getByLabel('Value')).toHaveValue('price');
  await expect(graph.panel.getByLabel('If true, go to')).toHaveValue('template');
});

test('an older definition without positions opens laid out, top to bottom, nothing overlapping', async ({
  author,
  canvas,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const workflow = await author.createWorkflow({
    v: 1,
    nodes: [
      { id: 'ask', type: 'condition', config: { on: 'input', contains: 'hours' } },
      { id: 'hours', type: 'template', config: { template: 'Open 9 to 5.' } },
      { id: 'other', type: 'template', config: { template: 'Ask about hours.' } },
      { id: 'reply', type: 'reply', config: {} },
    ],
    edges: [
      { source: 'ask', target: 'hours', when: 'true' },
      { source: 'ask', target: 'other', when: 'false' },
      { source: 'hours', target: 'reply' },
      { source: 'other', target: 'reply' },
    ],
  });
  await canvas.openWorkflow(workflow.id);
  const { graph } = canvas;
  await expect(graph.steps).toHaveCount(4);
  const box = async (id: string) => (await graph.step(id).boundingBox())!;
  const [ask, hours, other, reply] = await Promise.all(['ask', 'hours', 'other', 'reply'].map(box));
  expect(hours!.y).toBeGreaterThan(ask!.y + ask!.height);
  expect(other!.y).toBeGreaterThan(ask!.y + ask!.height);
  expect(reply!.y).toBeGreaterThan(Math.max(hours!.y + hours!.height, other!.y + other!.height));
  // The two branches sit side by side.
  expect(Math.abs(hours!.x - other!.x)).toBeGreaterThanOrEqual(hours!.width);
  // Every step is in view on the canvas.
  const view = (await graph.root.locator('.graph-canvas').boundingBox())!;
  for (const b of [ask, hours, other, reply]) {
    expect(b!.x).toBeGreaterThanOrEqual(view.x);
    expect(b!.y).toBeGreaterThanOrEqual(view.y);
    expect(b!.x + b!.width).toBeLessThanOrEqual(view.x + view.width);
    expect(b!.y + b!.height).toBeLessThanOrEqual(view.y + view.height);
  }
  // Opening does not make the workflow "changed": the layout is saved with the next edit.
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
});

test('problems show on the step and field in words; leaving with unsaved changes asks first', async ({
  canvas,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const id = await canvas.createWorkflow('Needs a URL');
  const { graph } = canvas;
  await graph.select('answer');
  await graph.add('HTTP request');
  await expect(graph.step('http').getByTestId('step-issue')).toHaveText('URL is required');
  await expect(graph.panel.getByTestId('field-error').first()).toHaveText('URL is required');
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
  await graph.panel.getByLabel('URL').fill('https://example.com/?q={{input}}');
  await expect(graph.step('http').getByTestId('step-issue')).toHaveCount(0);

  // The JSON view shows the same edit, and an edit there shows on the canvas.
  await canvas.showJson();
  await expect(page.getByLabel('Definition (JSON)')).toHaveValue(/"url": "https:\/\/example.com\/\?q=\{\{input\}\}"/);
  const text = await page.getByLabel('Definition (JSON)').inputValue();
  await page.getByLabel('Definition (JSON)').fill(text.replace('"id": "http",', '"id": "http", "label": "Fetch prices",'));
  await graph.show();
  await expect(graph.step('http').locator('.step-title')).toHaveText('Fetch prices');

  await page.getByRole('link', { name: '← Workflows' }).click();
  const guard = page.getByRole('alertdialog');
  await expect(guard).toContainText('Leave without saving?');
  await guard.getByRole('button', { name: 'Stay and keep editing' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}$`));
  await expect(graph.step('http')).toHaveCount(1);
  await page.getByRole('link', { name: '← Workflows' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Leave and discard changes' }).click();
  await expect(page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
});

test('the editor on a phone: canvas, then the step settings under it', async ({ author, canvas, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const workflow = await author.createWorkflow({
    v: 1,
    nodes: [
      { id: 'is_pricing', type: 'condition', config: { on: 'input', contains: 'price' } },
      { id: 'pricing', type: 'template', config: { template: PRICING } },
      { id: 'other', type: 'template', config: { template: OTHER } },
      { id: 'reply', type: 'reply', config: {} },
    ],
    edges: [
      { source: 'is_pricing', target: 'pricing', when: 'true' },
      { source: 'is_pricing', target: 'other', when: 'false' },
      { source: 'pricing', target: 'reply' },
      { source: 'other', target: 'reply' },
    ],
  });
  await canvas.openWorkflow(workflow.id);
  await canvas.graph.select('pricing');
  const canvasBox = (await canvas.graph.root.locator('.graph-canvas').boundingBox())!;
  const panelBox = (await canvas.graph.panel.boundingBox())!;
  expect(canvasBox.width).toBeLessThanOrEqual(390);
  expect(panelBox.y).toBeGreaterThanOrEqual(canvasBox.y + canvasBox.height);
  await saveGuideScreenshot(page.locator('.workspace'), 'canvas-editor-phone');
});
