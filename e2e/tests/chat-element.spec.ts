import { llmDefinition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';

/*
 * The built-in <openai-chatkit> element in real Chromium against the real API,
 * on the public page. Replies that need streaming control come from the run's
 * stub LLM (`[[stub:slow]]` streams a word every 250 ms, `[[stub:hang]]` sends
 * "Hold on" and never finishes).
 */

test('an answer streams in word by word; Stop keeps the partial answer and the composer is usable again', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl } = await author.publish((await author.createWorkflow(llmDefinition())).id);
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  // Streaming: while Stop is offered, the answer is visibly incomplete, then complete.
  await chat.send('[[stub:slow]] one two three four five six seven eight');
  await expect(chat.element.getByRole('button', { name: 'Stop response' })).toBeVisible();
  await expect(chat.lastReply()).toHaveText(/^Echo: (one )?(two )?/);
  await expect(chat.lastReply()).not.toHaveText('Echo: one two three four five six seven eight');
  await chat.expectReply('Echo: one two three four five six seven eight');

  // Stop: the stub never ends this one.
  await chat.send('[[stub:hang]] take your time');
  await expect(chat.lastReply()).toHaveText('Hold on');
  await chat.stop();
  await chat.expectIdle();
  await expect(chat.lastReply()).toHaveText('Hold on');
  await expect(chat.error).toBeHidden();
  await chat.ask('are you back?', 'Echo: are you back?');

  // The stopped answer was kept with the thread.
  await visitor.reload();
  await expect(chat.replies).toHaveText(['Echo: one two three four five six seven eight', 'Hold on', 'Echo: are you back?']);
});

test('Retry on an answer regenerates it in place', async ({ author, newVisitor }) => {
  const { shareUrl } = await author.publishedTemplate('Again:');
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();
  await chat.ask('first', 'Again: first');
  await chat.ask('second', 'Again: second');

  const regenerated = visitor.page.waitForRequest(
    (r) => r.url().endsWith('/api/chatkit') && r.postDataJSON()?.type === 'threads.retry_after_item',
  );
  await chat.retryLastAnswer();
  await regenerated;
  await chat.expectReply('Again: second');
  await expect(chat.userMessages).toHaveText(['first', 'second']);
  await expect(chat.replies).toHaveText(['Again: first', 'Again: second']);
});

test('history lists the visitor’s conversations, opens, renames and deletes them; a reload comes back to the open one', async ({
  author,
  newVisitor,
}) => {
  const { shareUrl } = await author.publishedTemplate('Hist:');
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  await chat.ask('about apples', 'Hist: about apples');
  await chat.newChat();
  await chat.ask('about pears', 'Hist: about pears');

  await chat.openHistory();
  await expect(chat.threadTitles).toHaveCount(2);
  const titles = await chat.threadTitles.allTextContents();
  expect(new Set(titles).size).toBe(2);

  // The older conversation (listed last) opens with its messages.
  const older = titles[1]!;
  await chat.openThread(older);
  await expect(chat.userMessages).toHaveText(['about apples']);
  await expect(chat.replies).toHaveText(['Hist: about apples']);

  // A reload resumes the conversation that was open (initialThread, remembered by the page).
  await visitor.reload();
  await expect(chat.userMessages).toHaveText(['about apples']);

  await chat.openHistory();
  await chat.renameThread(older, 'Fruit questions');
  await expect(chat.threadTitles).toHaveText([titles[0]!, 'Fruit questions']);
  await chat.deleteThread(titles[0]!);
  await expect(chat.threadTitles).toHaveText(['Fruit questions']);

  // Still so after a reload: the server kept the rename and the delete.
  await visitor.reload();
  await chat.openHistory();
  await expect(chat.threadTitles).toHaveText(['Fruit questions']);
});
