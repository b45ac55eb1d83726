import { expect, type Locator, type Page } from '@playwright/test';
import { Chat } from './chat.js';

/** "Chat appearance" on the workflow page: the form over `definition.chat` and its live preview. */
export class AppearanceSection {
  readonly root: Locator;
  readonly preview: Chat;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('appearance-section');
    this.preview = new Chat(this.root.getByTestId('appearance-preview'));
  }

  /** Opens the section and waits for the preview chat. */
  async open(): Promise<void> {
    await this.root.getByText('Chat appearance', { exact: true }).click();
    await expect(this.preview.composer).toBeVisible();
  }

  async setText(label: 'Title' | 'Greeting' | 'Message box placeholder' | 'Disclaimer', value: string) {
    await this.root.getByLabel(label, { exact: true }).fill(value);
  }

  async setAccent(value: string): Promise<void> {
    await this.root.getByLabel('Accent color', { exact: true }).fill(value);
  }

  async setColors(label: 'Light' | 'Dark' | "Match the visitor's device"): Promise<void> {
    await this.root.getByLabel('Colors').selectOption({ label });
  }

  get accentError(): Locator {
    return this.root.getByTestId('accent-error');
  }
}
