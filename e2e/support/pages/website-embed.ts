import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';
import { Chat } from './chat.js';

export interface Website {
  origin: string;
  /** Puts the snippet on the site's page. */
  paste(snippet: string): void;
  close(): Promise<void>;
}

/** Another website, on a port of its own, whose page carries what was pasted into it. */
export async function serveWebsite(): Promise<Website> {
  let snippet = '';
  const page = () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Bikes</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; margin: 40px; background: #f8fafc">
<h1>Acme Bikes</h1><p>Opening hours, repairs and rentals. Questions? Ask in the chat.</p>
${snippet}
</body></html>`;
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page()),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // `localhost`, not 127.0.0.1: another site than the product's, so the chat's cookies are third-party there.
    origin: `http://localhost:${port}`,
    paste: (value) => {
      snippet = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A visitor on a website that embeds the chat with the script tag. */
export class WebsiteEmbed {
  readonly chat: Chat;

  constructor(readonly page: Page) {
    this.chat = new Chat(page.frameLocator('iframe[title="Chat"]').getByTestId('public-chat'));
  }

  get launcher() {
    return this.page.locator('[data-wfchat-embed]').getByRole('button', { name: /(open|close) the chat/i });
  }

  /** What the bubble says instead of the chat (a refusal). */
  get message() {
    return this.page.locator('[data-wfchat-embed] [data-wfchat-message]');
  }

  async visit(origin: string): Promise<void> {
    await this.page.goto(origin);
    await expect(this.launcher).toBeVisible();
  }

  async openChat(): Promise<Chat> {
    await this.launcher.click();
    await expect(this.chat.composer).toBeVisible();
    return this.chat;
  }

  async openRefused(): Promise<void> {
    await this.launcher.click();
    await expect(this.message).toBeVisible();
    await expect(this.message).not.toHaveText('Opening the chat…');
  }
}
