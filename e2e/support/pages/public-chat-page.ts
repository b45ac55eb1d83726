import { expect, type Page } from '@playwright/test';
import { Chat } from './chat.js';

export type PublicScreen =
  'loading' | 'invalid-link' | 'not-available' | 'login-required' | 'rate-limited' | 'quota-exceeded' | 'unavailable';

/** `/chat/<id>#t=<token>`: what a visitor sees. */
export class PublicChatPage {
  readonly chat: Chat;

  constructor(readonly page: Page) {
    this.chat = new Chat(page.getByTestId('public-chat'));
  }

  /** Opens a share link and waits for the page to settle on the chat or a screen. */
  async open(link: string): Promise<void> {
    await this.page.goto(link);
    await expect(this.page.getByTestId('screen-loading')).toBeHidden();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.page.getByTestId('screen-loading')).toBeHidden();
  }

  screen(name: PublicScreen) {
    return this.page.getByTestId(`screen-${name}`);
  }

  async expectScreen(name: PublicScreen): Promise<void> {
    await expect(this.screen(name)).toBeVisible();
    await expect(this.page.getByTestId('public-chat')).toBeHidden();
  }

  /** The chat is up, with the workflow's greeting or its thread. */
  async expectChat(): Promise<Chat> {
    await expect(this.page.getByTestId('public-chat')).toBeVisible();
    await expect(this.chat.composer).toBeVisible();
    return this.chat;
  }

  /** From the "sign in to chat" screen: signs in and comes back to the chat. */
  async signInToChat(email: string, password: string): Promise<void> {
    await this.screen('login-required').getByRole('button', { name: 'Sign in to chat' }).click();
    await expect(this.page).toHaveURL(/\/login\?returnTo=/);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(this.page).toHaveURL(/\/chat\//);
  }

  /** The rate-limited screen's countdown in seconds (null once it says it is trying again). */
  async secondsToWait(): Promise<number | null> {
    const text = (await this.page.getByTestId('retry-countdown').textContent()) ?? '';
    const match = /in (\d+) seconds?/.exec(text);
    return match ? Number(match[1]) : null;
  }
}
