import { expect, type Locator } from '@playwright/test';

export interface AttachedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * The chat element (`<openai-chatkit>`, built-in, open shadow DOM: Playwright's
 * locators pierce it) wherever it is mounted: the public page or the Canvas bubble.
 */
export class Chat {
  readonly element: Locator;

  constructor(scope: Locator) {
    this.element = scope.locator('openai-chatkit');
  }

  get composer(): Locator {
    return this.element.getByRole('textbox', { name: 'Message' });
  }

  /** Confirmed and pending user messages, oldest first. */
  get userMessages(): Locator {
    return this.element.locator('li.msg.user .bubble');
  }

  get replies(): Locator {
    return this.element.locator('li.msg.assistant .bubble');
  }

  lastReply(): Locator {
    return this.replies.last();
  }

  /** Cards of buttons a `choices` step sent, oldest first. */
  get choiceCards(): Locator {
    return this.element.locator('li.widget-item');
  }

  /** Clicks a button of the latest choices card. */
  async choose(label: string): Promise<void> {
    await this.choiceCards.last().getByRole('button', { name: label, exact: true }).click();
  }

  /** The in-chat error (role=alert), with its Retry when the failure allows one. */
  get error(): Locator {
    return this.element.locator('div.error[role="alert"]');
  }

  get greeting(): Locator {
    return this.element.locator('.start .greeting');
  }

  get title(): Locator {
    return this.element.locator('header .title');
  }

  /** What the theme decides, as the browser computed it (robust to how the element names its parts). */
  async look(): Promise<{ accent: string; colorScheme: string; placeholder: string | null }> {
    const send = this.element.getByRole('button', { name: 'Send message' });
    return {
      accent: await send.evaluate((button) => getComputedStyle(button).backgroundColor),
      colorScheme: await this.composer.evaluate((input) => getComputedStyle(input).colorScheme),
      placeholder: await this.composer.getAttribute('placeholder'),
    };
  }

  get attachButton(): Locator {
    return this.element.getByRole('button', { name: 'Attach files' });
  }

  /** Files in the composer (uploading, ready or refused), in order. */
  get drafts(): Locator {
    return this.element.locator('.att-tray .att');
  }

  /** Why a file was refused, beside it in the composer. */
  get attachmentError(): Locator {
    return this.element.locator('.att-tray .att-error');
  }

  /** Images shown in the visitor's own messages. */
  get sentImages(): Locator {
    return this.element.locator('li.msg.user img.att-thumb');
  }

  /** Picks files as the attach button's file picker would, and waits until each is uploaded or refused. */
  async attach(...files: AttachedFile[]): Promise<void> {
    await expect(this.attachButton).toBeEnabled();
    const before = await this.drafts.count();
    await this.element.locator('input.file-input').setInputFiles(files);
    await expect(this.drafts).toHaveCount(before + files.length);
    await expect(this.element.locator('.att-tray .att[data-status="uploading"]')).toHaveCount(0);
  }

  /** Types the message and sends it, once the chat accepts input. */
  async send(text: string): Promise<void> {
    await expect(this.composer).toBeEnabled();
    await this.composer.fill(text);
    await this.element.getByRole('button', { name: 'Send message' }).click();
  }

  /** Sends and waits until the answer is complete. */
  async ask(text: string, reply: string | RegExp): Promise<void> {
    await this.send(text);
    await this.expectReply(reply);
  }

  /** The last answer reads exactly `text` and the chat is ready for the next message. */
  async expectReply(text: string | RegExp): Promise<void> {
    await expect(this.lastReply()).toHaveText(text);
    await this.expectIdle();
  }

  /** No answer running: Send is back and the composer takes input. */
  async expectIdle(): Promise<void> {
    await expect(this.element.getByRole('button', { name: 'Send message' })).toBeVisible();
    await expect(this.element.getByRole('button', { name: 'Stop response' })).toBeHidden();
    await expect(this.composer).toBeEnabled();
  }

  async expectError(text: string | RegExp): Promise<void> {
    await expect(this.error).toBeVisible();
    await expect(this.error.locator('p')).toHaveText(text);
  }

  /** Retry from the in-chat error. */
  async retry(): Promise<void> {
    await this.error.getByRole('button', { name: 'Retry' }).click();
  }

  /** Regenerate the last answer (its own Retry action). */
  async retryLastAnswer(): Promise<void> {
    await this.element.locator('li.msg.assistant').last().getByRole('button', { name: 'Retry' }).click();
  }

  async stop(): Promise<void> {
    await this.element.getByRole('button', { name: 'Stop response' }).click();
  }

  async newChat(): Promise<void> {
    await this.element.getByRole('button', { name: 'New chat' }).click();
    await expect(this.greeting).toBeVisible();
  }

  // ---- History ----------------------------------------------------------------

  get history(): Locator {
    return this.element.locator('section.history');
  }

  /** The listed threads' titles, newest first. */
  get threadTitles(): Locator {
    return this.history.locator('li[data-thread-id] button.open');
  }

  async openHistory(): Promise<void> {
    await this.element.getByRole('button', { name: 'Show conversation history' }).click();
    await expect(this.history.getByRole('heading', { name: 'History' })).toBeVisible();
    await expect(this.history).not.toHaveAttribute('aria-busy', 'true');
  }

  async openThread(title: string): Promise<void> {
    await this.threadTitles.filter({ hasText: title }).click();
    await expect(this.history).toBeHidden();
  }

  async renameThread(from: string, to: string): Promise<void> {
    await this.history.getByRole('button', { name: `Rename: ${from}` }).click();
    await this.history.getByRole('textbox', { name: 'Conversation title' }).fill(to);
    await this.history.getByRole('button', { name: 'Save' }).click();
    await expect(this.threadTitles.filter({ hasText: to })).toBeVisible();
  }

  /** Delete takes two clicks: the first arms the button. */
  async deleteThread(title: string): Promise<void> {
    await this.history.getByRole('button', { name: `Delete: ${title}` }).click();
    await this.history.getByRole('button', { name: `Confirm delete: ${title}` }).click();
    await expect(this.threadTitles.filter({ hasText: title })).toHaveCount(0);
  }
}
