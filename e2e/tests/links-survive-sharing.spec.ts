import { templateDefinition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { PublicChatPage } from '../support/pages/public-chat-page.js';

test('a visitor copies the address bar into a fresh browser: the link works there too', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl } = await author.publishedTemplate('Passed on:');

  const first = await newVisitor();
  await first.open(shareUrl);
  await (await first.expectChat()).ask('from the first browser', 'Passed on: from the first browser');
  const copied = first.page.url();
  expect(copied).toBe(shareUrl);

  // Someone else opens what was copied: their own browser, their own (empty) history.
  const friend = await newVisitor();
  await friend.open(copied);
  const chat = await friend.expectChat();
  await expect(chat.userMessages).toHaveCount(0);
  await chat.ask('from the copied link', 'Passed on: from the copied link');
});

test('a returning visitor opens /chat/:id from history in a new tab and continues their thread', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl, workflow } = await author.publishedTemplate('Welcome back:');

  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  await (await visitor.expectChat()).ask('before the break', 'Welcome back: before the break');

  // A new tab of the same browser, on the address without the token (history, a bookmark, typed).
  const tab = await visitor.page.context().newPage();
  await tab.goto(`/chat/${workflow.id}`);
  const again = new PublicChatPage(tab);
  const chat = await again.expectChat();
  await expect(chat.userMessages).toHaveText(['before the break']);
  await chat.ask('after the break', 'Welcome back: after the break');
  await expect(tab).toHaveURL(shareUrl);
});

test('a link the author deleted is refused, in the tab that has it and on a later visit', async ({
  author,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Short-lived:'));
  await author.publish(workflow.id);
  const extra = await author.createLink(workflow.id, { label: 'Newsletter' });

  const visitor = await newVisitor();
  await visitor.open(extra.shareUrl);
  await (await visitor.expectChat()).ask('hello', 'Short-lived: hello');

  await author.deleteLink(workflow.id, extra.link.id);
  await visitor.chat.send('still there?');
  await visitor.expectScreen('invalid-link');
  await visitor.reload();
  await visitor.expectScreen('invalid-link');
});
