import { templateDefinition } from '../support/api-client.js';
import { baseUrl, expect, test } from '../support/fixtures.js';
import { serveWebsite, WebsiteEmbed } from '../support/pages/website-embed.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

test('a website listed on an embed link shows the chat in its bubble and keeps the visitor’s history; another website is refused in words', async ({
  author,
  browser,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Acme bot:', 'Hi! Ask about opening hours.'));
  await author.publish(workflow.id);

  const listed = await serveWebsite();
  const other = await serveWebsite();
  try {
    const embed = await author.createLink(workflow.id, {
      label: 'Acme website',
      kind: 'embed',
      allowedOrigins: [listed.origin],
    });
    const snippet = embed.embedSnippet!;
    expect(snippet).toBe(
      `<script src="${baseUrl()}/embed.js" data-workflow="${workflow.id}" data-token="${embed.publishToken}" async></script>`,
    );
    listed.paste(snippet);
    other.paste(snippet);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = new WebsiteEmbed(await context.newPage());

    await visitor.visit(listed.origin);
    const chat = await visitor.openChat();
    await expect(chat.greeting).toHaveText('Hi! Ask about opening hours.');
    await chat.ask('When do you open?', 'Acme bot: When do you open?');
    await saveGuideScreenshot(visitor.page, 'embed-on-website');
    // The visitor cookie lives in this website's partition of the browser's jar.
    expect(await context.cookies(baseUrl())).toMatchObject([
      {
        name: 'vid',
        secure: true,
        sameSite: 'None',
        httpOnly: true,
        partitionKey: new URL(listed.origin).origin.replace(/:\d+$/, ''),
      },
    ]);

    // Back on the website later: the same visitor (a partitioned cookie) continues the same thread.
    await visitor.visit(listed.origin);
    const again = await visitor.openChat();
    await expect(again.userMessages).toHaveText(['When do you open?']);
    await again.ask('And on Sundays?', 'Acme bot: And on Sundays?');

    // The same snippet copied onto a website the embed does not list.
    const elsewhere = new WebsiteEmbed(await context.newPage());
    await elsewhere.visit(other.origin);
    await elsewhere.openRefused();
    await expect(elsewhere.message).toHaveText(
      `This chat is not enabled on ${new URL(other.origin).host}. The site owner can add ${other.origin} to the embed's allowed websites.`,
    );
    await expect(elsewhere.page.locator('[data-wfchat-embed] iframe')).toHaveCount(0);
    await saveGuideScreenshot(elsewhere.page, 'embed-refused');

    // On a phone the bubble keeps to the screen.
    await visitor.page.setViewportSize({ width: 390, height: 844 });
    await expect(again.composer).toBeInViewport();
    await saveGuideScreenshot(visitor.page, 'embed-on-website-phone');
    await context.close();
  } finally {
    await Promise.all([listed.close(), other.close()]);
  }
});
