import { deflateSync, crc32 } from 'node:zlib';
import { llmDefinition, type Definition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

/** A real PNG (the server sniffs the bytes): `size`×`size` pixels, a teal square on white. */
function png(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(size * (1 + size * 3), 255);
  for (let y = 0; y < size; y += 1) {
    rows[y * (1 + size * 3)] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      const inner = x > size / 4 && x < (3 * size) / 4 && y > size / 4 && y < (3 * size) / 4;
      if (inner) rows.set([15, 118, 110], y * (1 + size * 3) + 1 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function withAttachments(): Definition {
  const definition = llmDefinition('Send me a screenshot');
  return { ...definition, chat: { ...definition.chat, attachments: { enabled: true, maxSizeMb: 1 } } };
}

test('a visitor attaches an image: the workflow receives it, and the thumbnail stays after a reload', async ({ author, newVisitor }) => {
  const workflow = await author.createWorkflow(withAttachments());
  const { shareUrl } = await author.publish(workflow.id);

  const visitor = await newVisitor();
  await visitor.page.setViewportSize({ width: 1280, height: 800 });
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  await chat.attach({ name: 'screenshot.png', mimeType: 'image/png', buffer: png(96) });
  await expect(chat.drafts.first()).toHaveAttribute('data-status', 'ready');
  const preview = chat.drafts.first().locator('img');
  await expect(preview).toHaveAttribute('alt', 'screenshot.png');
  // The local preview really shows (the page's CSP lets the visitor's own blob: images in).
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
  await chat.composer.fill('What does this show?');
  await saveGuideScreenshot(visitor.page, 'attachments-composer-desktop');
  await chat.element.getByRole('button', { name: 'Send message' }).click();
  await chat.expectReply(/I received 1 image\./);

  // The thumbnail is the server's preview, really loaded (not a local object URL).
  const thumbnail = chat.sentImages.first();
  await expect(thumbnail).toHaveAttribute('src', /\/api\/chatkit\/attachments\/[^/]+\/preview/);
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
  await expect(chat.drafts).toHaveCount(0);
  await saveGuideScreenshot(visitor.page, 'attachments-sent-desktop');
  await visitor.page.setViewportSize({ width: 390, height: 844 });
  await saveGuideScreenshot(visitor.page, 'attachments-sent-phone');

  await visitor.reload();
  const again = await visitor.expectChat();
  await expect(again.lastReply()).toHaveText(/I received 1 image\./);
  await expect.poll(() => again.sentImages.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
  await expect(again.sentImages.first()).toHaveAttribute('alt', 'screenshot.png');
});

test('an oversized file is refused beside the composer, and the typed message stays', async ({ author, newVisitor }) => {
  const workflow = await author.createWorkflow(withAttachments());
  const { shareUrl } = await author.publish(workflow.id);

  const visitor = await newVisitor();
  await visitor.page.setViewportSize({ width: 390, height: 844 });
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();
  await chat.composer.fill('Here is the full scan');
  await chat.attach({ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.concat([png(8), Buffer.alloc(2 * 1024 * 1024)]) });

  await expect(chat.attachmentError).toHaveText('scan.png is larger than 1 MB. Choose a smaller file.');
  await expect(chat.composer).toHaveValue('Here is the full scan');
  await saveGuideScreenshot(visitor.page, 'attachments-too-large-phone');

  // Taking the file back leaves a normal chat: the message goes out alone.
  await chat.element.getByRole('button', { name: 'Remove scan.png' }).click();
  await expect(chat.drafts).toHaveCount(0);
  await chat.element.getByRole('button', { name: 'Send message' }).click();
  await chat.expectReply(/Here is the full scan/);
});
