import { llmDefinition } from '../support/api-client.js';
import { expect, test, watchPage } from '../support/fixtures.js';
import { unique } from '../support/product.js';

// Replies come from the run's stub LLM, which picks its behaviour from `[[stub:<mode>]]` in the message.

test('markup in a reply and in a visitor message is shown as text: nothing runs, nothing is blocked, nothing leaves the origin', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl } = await author.publish((await author.createWorkflow(llmDefinition())).id);
  const visitor = await newVisitor();
  const watch = await watchPage(visitor.page);
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  await chat.send('[[stub:html]] show me some markup');
  await chat.expectReply('<script>alert("stub")</script><b>bold</b> <img src=x onerror="alert(1)">');
  await expect(chat.lastReply().locator('script, img, b, iframe')).toHaveCount(0);

  const hostile = '<img src=x onerror=alert(1)>';
  await chat.send(hostile);
  await expect(chat.userMessages.last()).toHaveText(hostile);
  await chat.expectReply(`Echo: ${hostile}`);
  await expect(chat.element.locator('img, script, iframe')).toHaveCount(0);

  // And after a reload, from the stored thread.
  await visitor.reload();
  await expect(chat.replies).toHaveText([
    '<script>alert("stub")</script><b>bold</b> <img src=x onerror="alert(1)">',
    `Echo: ${hostile}`,
  ]);
  await expect(chat.element.locator('img, script, iframe')).toHaveCount(0);

  expect(watch.dialogs).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('when the model fails mid-answer, the partial answer and an error with Retry appear, and Retry answers', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl } = await author.publish((await author.createWorkflow(llmDefinition())).id);
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  // fail-once: the first time the stub sees this message it breaks mid-stream; then it answers.
  const question = `[[stub:fail-once]] ${unique('flaky question')}`;
  await chat.send(question);
  await expect(chat.lastReply()).toContainText('Partial answer');
  await expect(chat.error).toBeVisible();
  await expect(chat.error.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(chat.userMessages).toHaveText([question]);
  await chat.expectIdle();

  await chat.retry();
  await chat.expectReply(`Echo: ${question.replace('[[stub:fail-once]] ', '')}`);
  await expect(chat.error).toBeHidden();
  await expect(chat.userMessages).toHaveText([question]);
  await expect(chat.replies).toHaveCount(1);
});
