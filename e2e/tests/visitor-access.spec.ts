import { ApiClient, templateDefinition } from '../support/api-client.js';
import { baseUrl, expect, test } from '../support/fixtures.js';

test('a sign-in-only chat asks the visitor to sign in, then brings them back to the same chat, where they can send', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl, workflow } = await author.publishedTemplate('Members bot:', { requireLogin: true });
  const member = await ApiClient.signUp(baseUrl(), 'member');

  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  await visitor.expectScreen('login-required');
  await expect(visitor.screen('login-required')).toContainText('sign in first');

  await visitor.signInToChat(member.email, member.password);
  // Back from sign-in without the token in any URL, the page puts the kept link back into the address bar.
  await expect(visitor.page).toHaveURL(new RegExp(`/chat/${workflow.id}#t=wfp_[A-Za-z0-9_-]{43}$`));
  const chat = await visitor.expectChat();
  await chat.ask('hello as a member', 'Members bot: hello as a member');
});

test('the author requires sign-in on a published chat from the panel: a new anonymous visitor is asked to sign in', async ({
  author,
  canvas,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Toggle bot:'));
  await canvas.openWorkflow(workflow.id);
  const link = await canvas.publishPanel.publish();
  await canvas.publishPanel.setRequireLogin(true);

  const visitor = await newVisitor();
  await visitor.open(link);
  await visitor.expectScreen('login-required');
});

test('after the author unpublishes, the visitor’s next message fails with a friendly screen, and a reload says not available', async ({
  author,
  canvas,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Soon gone:'));
  await canvas.openWorkflow(workflow.id);
  const link = await canvas.publishPanel.publish();

  const visitor = await newVisitor();
  await visitor.open(link);
  await visitor.chat.ask('still here?', 'Soon gone: still here?');

  await canvas.publishPanel.unpublish();

  await visitor.chat.send('and now?');
  await visitor.expectScreen('not-available');
  await expect(visitor.screen('not-available')).toContainText('no longer shared');

  await visitor.reload();
  await visitor.expectScreen('not-available');
});

test('a pinned version keeps answering after a newer draft is saved, until the author publishes the newer version', async ({
  author,
  canvas,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Version one:'));
  await canvas.openWorkflow(workflow.id);
  const link = await canvas.publishPanel.publish({ version: 1 });

  await canvas.saveDefinition(templateDefinition('Version two:'));
  // Canvas runs the latest saved draft...
  const bubble = await canvas.openBubble();
  await bubble.ask('draft check', 'Version two: draft check');

  // ...the public page the pinned version.
  const visitor = await newVisitor();
  await visitor.open(link);
  await visitor.chat.ask('which version?', 'Version one: which version?');

  await canvas.publishPanel.pinVersion(2);

  // The open chat runs what is published now at its very next message: no reload, no new link.
  await visitor.chat.ask('and now which version?', 'Version two: and now which version?');
  // And so does a new chat session.
  await visitor.reload();
  await visitor.expectChat();
  await visitor.chat.ask('after a reload?', 'Version two: after a reload?');
});
