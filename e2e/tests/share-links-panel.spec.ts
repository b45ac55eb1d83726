import { templateDefinition } from '../support/api-client.js';
import { baseUrl, expect, test } from '../support/fixtures.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

test('the author creates a link for one audience, sees it once with a QR code, rotates it and deletes it; the other link keeps working', async ({
  canvas,
  author,
  newVisitor,
}) => {
  // Six browser contexts and four chats: more than the default minute on a loaded machine.
  test.slow();
  const workflow = await author.createWorkflow(templateDefinition('Links bot:'));
  await canvas.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  await canvas.page.setViewportSize({ width: 1280, height: 800 });
  await canvas.openWorkflow(workflow.id);
  const panel = canvas.publishPanel;
  const first = await panel.publish();

  const newsletter = await panel.createLink('Newsletter');
  expect(newsletter).toMatch(new RegExp(`/chat/${workflow.id}#t=wfp_[A-Za-z0-9_-]{43}$`));
  expect(newsletter).not.toBe(first);
  await expect(panel.qrCode).toBeVisible();
  expect(await panel.copyLink()).toBe(newsletter);
  await expect(panel.linkRow('Newsletter')).toContainText('Never used');
  await saveGuideScreenshot(panel.root, 'share-links-panel');
  await canvas.page.setViewportSize({ width: 390, height: 844 });
  await saveGuideScreenshot(panel.root, 'share-links-panel-phone');
  await canvas.page.setViewportSize({ width: 1280, height: 800 });

  const reader = await newVisitor();
  await reader.open(newsletter);
  await reader.chat.ask('from the newsletter', 'Links bot: from the newsletter');

  // Rotating the newsletter's link cuts its readers off, not the people with the first link.
  const rotated = await panel.rotate('Newsletter');
  expect(rotated).not.toBe(newsletter);
  const late = await newVisitor();
  await late.open(newsletter);
  await late.expectScreen('invalid-link');
  const fresh = await newVisitor();
  await fresh.open(rotated);
  await fresh.chat.ask('after the rotation', 'Links bot: after the rotation');

  await panel.deleteLink('Newsletter');
  const gone = await newVisitor();
  await gone.open(rotated);
  await gone.expectScreen('invalid-link');

  const regular = await newVisitor();
  await regular.open(first);
  await regular.chat.ask('first link', 'Links bot: first link');
});

test('the author creates an embed: websites are checked in words, then the snippet is shown once with copy', async ({
  canvas,
  author,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Embed bot:'));
  await canvas.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  await canvas.page.setViewportSize({ width: 1280, height: 800 });
  await canvas.openWorkflow(workflow.id);
  const panel = canvas.publishPanel;
  await panel.publish();

  await panel.fillNewEmbed('Website', ['https://www.example.com/contact']);
  await expect(panel.root.getByTestId('new-link-problem')).toHaveText(
    '"https://www.example.com/contact" is not a website origin. Write only the scheme, host and port: https://www.example.com',
  );
  const snippet = await panel.createEmbed('Website', ['https://www.example.com', 'http://localhost:8080']);
  expect(snippet).toMatch(
    new RegExp(
      `^<script src="${baseUrl()}/embed\\.js" data-workflow="${workflow.id}" data-token="wfp_[A-Za-z0-9_-]{43}" async></script>$`,
    ),
  );
  await panel.root.getByRole('button', { name: 'Copy snippet' }).click();
  expect(await canvas.page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  await expect(panel.linkRow('Website')).toContainText('https://www.example.com, http://localhost:8080');
  await saveGuideScreenshot(panel.root, 'embed-snippet-panel');

  await panel.root.getByRole('button', { name: 'I have copied the snippet' }).click();
  await expect(panel.embedSnippet).toHaveCount(0);
  await expect(canvas.page.locator('body')).not.toContainText(snippet);
});
