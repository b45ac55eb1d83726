import { templateDefinition } from '../support/api-client.js';
import { baseUrl, expect, test } from '../support/fixtures.js';
import { CanvasPage } from '../support/pages/canvas-page.js';
import { unique } from '../support/product.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

test('an author signs up, creates a workflow, chats with the draft in the bubble, and the bubble follows a saved edit', async ({
  page,
}) => {
  const canvas = new CanvasPage(page);
  await canvas.signUp({ email: `${unique('new-author')}@e2e.test`, password: 'a long enough password', name: 'Ada' });
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  const name = unique('Support bot');
  await canvas.createWorkflow(name);

  // The default workflow answers at once; its reply arrives as a stream of text deltas.
  const chat = await canvas.openBubble();
  await expect(chat.greeting).toHaveText('Hi! This workflow is new. Say something and it will answer.');
  // The test chat asks for the run trace (`/api/chatkit?trace=1`).
  const streamed = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/chatkit' && r.request().method() === 'POST',
  );
  await chat.send('Hello draft');
  await chat.expectReply('You said: "Hello draft". Edit this workflow in Canvas to change what I answer.');
  const response = await streamed;
  expect(response.headers()['content-type']).toContain('text/event-stream');
  expect(await response.text()).toContain('assistant_message.content_part.text_delta');
  await saveGuideScreenshot(page, 'canvas-bubble');

  // Edit and save: the bubble restarts on the new draft (new greeting, new answers).
  await canvas.saveDefinition(templateDefinition('Draft two says:', 'Version two here.'));
  await expect(chat.greeting).toHaveText('Version two here.');
  await expect(chat.replies).toHaveCount(0);
  await chat.send('Hello again');
  await chat.expectReply('Draft two says: Hello again');
});

test('the bubble closes and opens again on the same draft', async ({ canvas, author }) => {
  const workflow = await author.createWorkflow(templateDefinition('Bubble:'));
  await canvas.openWorkflow(workflow.id);
  const chat = await canvas.openBubble();
  await chat.ask('first', 'Bubble: first');
  await canvas.closeBubble();
  await expect(canvas.page.getByTestId('chat-bubble')).toHaveText('Test chat');
  const again = await canvas.openBubble();
  await again.ask('second', 'Bubble: second');
});

test('the author publishes and copies the link; a visitor chats and finds their history after a reload; another visitor sees none of it', async ({
  canvas,
  author,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Shared bot:', 'Hello visitor'));
  await canvas.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  await canvas.openWorkflow(workflow.id);
  const shown = await canvas.publishPanel.publish();
  const link = await canvas.publishPanel.copyLink();
  expect(link).toBe(shown);
  expect(link).toMatch(new RegExp(`/chat/${workflow.id}#t=wfp_[A-Za-z0-9_-]{43}$`));
  await saveGuideScreenshot(canvas.publishPanel.root, 'publish-panel');

  const alice = await newVisitor();
  await alice.open(link);
  const chat = await alice.expectChat();
  await expect(chat.greeting).toHaveText('Hello visitor');
  await chat.ask('I am Alice', 'Shared bot: I am Alice');
  await chat.ask('Second question from Alice', 'Shared bot: Second question from Alice');
  await saveGuideScreenshot(alice.page, 'public-chat');

  await alice.reload();
  await alice.expectChat();
  await expect(chat.userMessages).toHaveText(['I am Alice', 'Second question from Alice']);
  await expect(chat.replies).toHaveText(['Shared bot: I am Alice', 'Shared bot: Second question from Alice']);

  const bob = await newVisitor();
  await bob.open(link);
  const bobChat = await bob.expectChat();
  await expect(bobChat.greeting).toHaveText('Hello visitor');
  await expect(bobChat.userMessages).toHaveCount(0);
  await bobChat.openHistory();
  await expect(bobChat.history.getByText('No conversations yet.')).toBeVisible();
  await expect(bobChat.threadTitles).toHaveCount(0);
});

test('after the author rotates the link, the old link is refused (even in an open chat) and the new one works', async ({
  canvas,
  author,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Rotating bot:'));
  await canvas.openWorkflow(workflow.id);
  const oldLink = await canvas.publishPanel.publish();

  const chatting = await newVisitor();
  await chatting.open(oldLink);
  await chatting.chat.ask('before the rotation', 'Rotating bot: before the rotation');

  const newLink = await canvas.publishPanel.rotate();
  expect(newLink).not.toBe(oldLink);

  // The open chat's next message is refused politely: the page explains the link changed.
  await chatting.chat.send('after the rotation');
  await chatting.expectScreen('invalid-link');
  await expect(chatting.screen('invalid-link')).toContainText('ask the owner for a new link');

  const late = await newVisitor();
  await late.open(oldLink);
  await late.expectScreen('invalid-link');

  const fresh = await newVisitor();
  await fresh.open(newLink);
  await fresh.chat.ask('with the new link', 'Rotating bot: with the new link');
});
