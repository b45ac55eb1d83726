import { expect, type Locator, type Page } from '@playwright/test';

type StepType = 'Template' | 'LLM' | 'HTTP request' | 'Condition' | 'Reply';

/** The workflow page's graph view, in intents: add, connect, configure, delete steps. */
export class GraphEditor {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('graph-editor');
  }

  async show(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Graph' }).click();
    await expect(this.root).toBeVisible();
  }

  /** A step on the canvas, by its node id (React Flow's `data-id`). */
  step(id: string): Locator {
    return this.root.locator(`.react-flow__node[data-id="${id}"]`);
  }

  get steps(): Locator {
    return this.root.locator('.react-flow__node');
  }

  get edges(): Locator {
    return this.root.locator('.react-flow__edge');
  }

  get panel(): Locator {
    return this.root.getByTestId('node-panel');
  }

  async stepIds(): Promise<string[]> {
    return (await this.steps.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''))).sort();
  }

  async add(type: StepType): Promise<void> {
    const before = await this.steps.count();
    await this.root.getByRole('button', { name: `Add ${type} step` }).click();
    await expect(this.steps).toHaveCount(before + 1);
  }

  /** Zooms and pans so that every step is in view. */
  async fitView(): Promise<void> {
    await this.root.getByRole('toolbar', { name: 'Graph tools' }).getByRole('button', { name: 'Fit view' }).click();
  }

  /** Selects a step by clicking it; its settings open in the side panel. */
  async select(id: string): Promise<void> {
    await this.step(id).locator('.step-title').click();
    await expect(this.panel).toHaveAttribute('aria-label', `Step ${id}`);
  }

  /** Draws a connection with the mouse, from a step's (true/false) dot to another step's top dot. */
  async drag(from: string, to: string, branch?: 'true' | 'false'): Promise<void> {
    await this.root.locator('.graph-canvas').scrollIntoViewIfNeeded();
    const source = this.step(from).locator(`.react-flow__handle.source${branch ? `.handle-${branch}` : ''}`);
    const target = this.step(to).locator('.react-flow__handle.target');
    const a = (await source.boundingBox())!;
    const b = (await target.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Moves a step with the mouse by (dx, dy) screen pixels. */
  async move(id: string, dx: number, dy: number): Promise<void> {
    await this.root.locator('.graph-canvas').scrollIntoViewIfNeeded();
    const box = (await this.step(id).locator('.step-title').boundingBox())!;
    await this.page.mouse.move(box.x + 10, box.y + 5);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + 10 + dx, box.y + 5 + dy, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Chooses the next step in the side panel with the keyboard. */
  async setNext(label: 'Next step' | 'If true, go to' | 'If false, go to', target: string): Promise<void> {
    const select = this.panel.getByLabel(label);
    await select.focus();
    await select.selectOption(target);
  }

  /** An edge by its ends (the edge's aria label is React Flow's "Edge from a to b"). */
  edge(from: string, to: string): Locator {
    return this.root.locator(`.react-flow__edge[data-id^="${from}->${to}"]`);
  }
}
