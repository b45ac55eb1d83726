import { expect, type Page } from '@playwright/test';
import type { Definition } from '../api-client.js';
import { Chat } from './chat.js';
import { AppearanceSection } from './appearance-section.js';
import { GraphEditor } from './graph-editor.js';
import { PublishPanel } from './publish-panel.js';

/** Canvas, the authors' app: account, workflows, the editor, the test-chat bubble. */
export class CanvasPage {
  readonly publishPanel: PublishPanel;
  readonly appearance: AppearanceSection;
  readonly graph: GraphEditor;

  constructor(readonly page: Page) {
    this.graph = new GraphEditor(page);
    this.publishPanel = new PublishPanel(page);
    this.appearance = new AppearanceSection(page);
  }

  async signUp(account: { email: string; password: string; name?: string }): Promise<void> {
    await this.page.goto('/signup');
    if (account.name) await this.page.getByLabel('Name (optional)').fill(account.name);
    await this.page.getByLabel('Email').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
    await expect(this.page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
  }

  /** Creates a workflow from the list page and lands on its page; returns its id. */
  async createWorkflow(name: string, startFrom: 'default' | 'faq' | 'faq-llm' = 'default'): Promise<string> {
    await this.page.goto('/');
    const form = this.page.getByRole('form', { name: 'New workflow' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Start from').selectOption(startFrom);
    await form.getByRole('button', { name: 'Create workflow' }).click();
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
    const id = /\/workflows\/([^/?#]+)/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`not on a workflow page: ${this.page.url()}`);
    return decodeURIComponent(id);
  }

  async openWorkflow(id: string): Promise<void> {
    await this.page.goto(`/workflows/${encodeURIComponent(id)}`);
    // The graph view opens first; the JSON view is one tab away.
    await expect(this.graph.root).toBeVisible();
  }

  async showJson(): Promise<void> {
    await this.page.getByRole('tab', { name: 'JSON' }).click();
    await expect(this.page.getByLabel('Definition (JSON)')).toBeVisible();
  }

  /** Saves with the Save button and waits for the saved state. */
  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  }

  /** Replaces the definition in the editor and saves it (a new version). */
  async saveDefinition(definition: Definition): Promise<void> {
    await this.showJson();
    await this.page.getByLabel('Definition (JSON)').fill(JSON.stringify(definition, null, 2));
    await expect(this.page.getByTestId('definition-valid')).toBeVisible();
    await this.save();
  }

  /** Opens the test-chat bubble and waits for the chat. */
  async openBubble(): Promise<Chat> {
    await this.page.getByTestId('chat-bubble').click();
    const chat = this.bubbleChat;
    await expect(chat.composer).toBeVisible();
    return chat;
  }

  async closeBubble(): Promise<void> {
    await this.page.getByTestId('canvas-chat-panel').getByRole('button', { name: 'Close chat' }).click();
    await expect(this.page.getByTestId('canvas-chat-panel')).toBeHidden();
  }

  /** The bubble's chat, once open. */
  get bubbleChat(): Chat {
    // Scoped to the bubble's panel: the appearance preview is a Canvas chat too.
    return new Chat(this.page.getByTestId('canvas-chat-panel').getByTestId('canvas-chat'));
  }
}
