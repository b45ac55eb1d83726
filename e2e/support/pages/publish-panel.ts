import { expect, type Locator, type Page } from '@playwright/test';

/** The workflow page's publish panel: share, links and embeds, rotate, unpublish, require sign-in, pin a version. */
export class PublishPanel {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('publish-panel');
  }

  get shareLink(): Locator {
    return this.root.getByTestId('share-link-url');
  }

  /** Publishes (optionally sign-in only, optionally a given version) and returns the share link shown once. */
  async publish(options: { requireLogin?: boolean; version?: number } = {}): Promise<string> {
    if (options.requireLogin) await this.root.getByRole('checkbox', { name: 'Require sign-in to chat' }).check();
    if (options.version) {
      await this.root.getByLabel('Version to publish').selectOption(String(options.version));
    }
    await this.root.getByRole('button', { name: 'Publish' }).click();
    await expect(this.root.getByTestId('share-link-warning')).toBeVisible();
    await expect(this.root.getByTestId('publish-state')).toContainText('Public since');
    return this.readShareLink();
  }

  /** "Copy link": returns what landed on the clipboard (needs clipboard permissions on the context). */
  async copyLink(): Promise<string> {
    await this.root.getByRole('button', { name: 'Copy link' }).click();
    await expect(this.root.getByText('Copied to the clipboard.')).toBeVisible();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async readShareLink(): Promise<string> {
    await expect(this.shareLink).toHaveValue(/\/chat\/.+#t=wfp_/);
    return this.shareLink.inputValue();
  }

  /** A link's row in the list, by its label. */
  linkRow(label: string): Locator {
    return this.root.getByRole('listitem', { name: label });
  }

  get qrCode(): Locator {
    return this.root.getByRole('img', { name: 'QR code of the link' });
  }

  get embedSnippet(): Locator {
    return this.root.getByTestId('embed-snippet');
  }

  /** Rotates one link (by default the first) after confirming; returns its new URL, shown once. */
  async rotate(label?: string): Promise<string> {
    const before = (await this.shareLink.count()) > 0 ? await this.shareLink.inputValue() : null;
    const row = label ? this.linkRow(label) : this.root.getByTestId('link-row').first();
    await row.getByRole('button', { name: 'Rotate' }).click();
    await row.getByRole('button', { name: 'Yes, rotate' }).click();
    if (before) await expect(this.shareLink).not.toHaveValue(before);
    return this.readShareLink();
  }

  /** "New link": returns the URL revealed once. */
  async createLink(label: string): Promise<string> {
    await this.root.getByRole('button', { name: 'New link' }).click();
    const form = this.root.getByRole('form', { name: 'New link' });
    await form.getByLabel('Label').fill(label);
    await form.getByRole('button', { name: 'Create link' }).click();
    await expect(this.root.getByTestId('share-link-warning')).toContainText(label);
    await expect(this.linkRow(label)).toBeVisible();
    return this.readShareLink();
  }

  /** "New embed": fills the form; the caller checks what the panel answers. */
  async fillNewEmbed(label: string, origins: string[]): Promise<void> {
    const form = this.root.getByRole('form', { name: 'New embed' });
    if ((await form.count()) === 0) await this.root.getByRole('button', { name: 'New embed' }).click();
    await form.getByLabel('Label').fill(label);
    await form.getByLabel('Websites allowed to show the chat').fill(origins.join('\n'));
    await form.getByRole('button', { name: 'Create embed' }).click();
  }

  /** "New embed": returns the snippet revealed once. */
  async createEmbed(label: string, origins: string[]): Promise<string> {
    await this.fillNewEmbed(label, origins);
    await expect(this.embedSnippet).toBeVisible();
    await expect(this.linkRow(label)).toBeVisible();
    return this.embedSnippet.inputValue();
  }

  /** Deletes a link after confirming. */
  async deleteLink(label: string): Promise<void> {
    const row = this.linkRow(label);
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(row).toHaveCount(0);
  }

  async unpublish(): Promise<void> {
    await this.root.getByRole('button', { name: 'Unpublish' }).click();
    await this.root.getByRole('button', { name: 'Yes, unpublish' }).click();
    await expect(this.root.getByTestId('publish-state')).toContainText('Private');
  }

  async setRequireLogin(on: boolean): Promise<void> {
    await this.whenSaved(() => this.root.getByRole('checkbox', { name: 'Require sign-in to chat' }).setChecked(on));
    await expect(this.root.getByRole('checkbox', { name: 'Require sign-in to chat' })).toBeChecked({ checked: on });
  }

  /** Changes the published (pinned) version, confirming the switch as the panel asks. */
  async pinVersion(version: number): Promise<void> {
    await this.root.getByLabel('Published version').selectOption(String(version));
    await this.whenSaved(() =>
      this.page.getByTestId('switch-version-confirm').getByRole('button', { name: `Yes, publish v${version}` }).click(),
    );
    await expect(this.root.getByLabel('Published version')).toHaveValue(String(version));
  }

  /** Runs a change to the publish settings and waits for the server to accept it. */
  private async whenSaved(change: () => Promise<unknown>): Promise<void> {
    const saved = this.page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && /\/api\/workflows\/[^/]+\/publish$/.test(new URL(r.url()).pathname),
    );
    await change();
    expect((await saved).status()).toBe(200);
  }
}
