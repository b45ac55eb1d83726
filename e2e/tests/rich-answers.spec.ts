import { choicesDefinition, llmDefinition } from '../support/api-client.js';
import { saveGuideScreenshot } from '../support/screenshots.js';
import { expect, test } from '../support/fixtures.js';

/*
 * Rich answers in the built-in element on the public page: Markdown tables
 * from a real (stub) LLM answer, the Copy button, and a right-to-left locale.
 * `[[stub:table]]` makes the stub LLM answer with a table and a code block.
 */

test('an LLM answer with a table renders as a table, and Copy puts the answer on the clipboard', async ({ author, newVisitor }) => {
  const { shareUrl } = await author.publish((await author.createWorkflow(llmDefinition())).id);
  const visitor = await newVisitor();
  await visitor.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  await chat.send('[[stub:table]] what are the plans?');
  await chat.expectIdle();
  const reply = chat.lastReply();
  await expect(reply.locator('table thead th')).toHaveText(['Plan', 'Price']);
  await expect(reply.locator('table tbody tr')).toHaveText(['Basic10 €', 'Pro20 €']);
  await expect(reply.locator('pre code')).toHaveText('npm ci');
  await expect(reply).not.toContainText('|------|');

  const copy = chat.element.getByRole('button', { name: 'Copy', exact: true });
  await copy.click();
  await expect(chat.element.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  const copied = await visitor.page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('| Basic | 10 € |');
  expect(copied).toContain('```sh\nnpm ci\n```');
});

test('a workflow in Arabic lays the chat out right to left with Arabic labels', async ({ author, newVisitor }) => {
  const definition = { ...llmDefinition('مرحبا! اسألني أي شيء.'), chat: { greeting: 'مرحبا! اسألني أي شيء.', locale: 'ar' } };
  const { shareUrl } = await author.publish((await author.createWorkflow(definition)).id);
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  await expect(visitor.page.getByTestId('public-chat')).toBeVisible();

  const element = visitor.page.locator('openai-chatkit');
  await expect(element.locator('.root')).toHaveAttribute('dir', 'rtl');
  await expect(element.locator('.root')).toHaveAttribute('lang', 'ar');
  const composer = element.getByRole('textbox', { name: 'الرسالة' });
  await composer.fill('مرحبا');
  await element.getByRole('button', { name: 'إرسال الرسالة' }).click();
  await expect(element.locator('li.msg.assistant .bubble').last()).toHaveText('Echo: مرحبا');
  // Right to left: the visitor's own message sits on the left edge.
  const bubble = await element.locator('li.msg.user .bubble').boundingBox();
  const box = await element.boundingBox();
  expect(bubble!.x - box!.x).toBeLessThan(box!.width / 2 - bubble!.width / 2);
  await visitor.page.screenshot({ path: test.info().outputPath('arabic-rtl.png') });
});

test('a workflow with choices is driven by clicking; the used card stays used after a reload', async ({ author, newVisitor }) => {
  const { shareUrl } = await author.publish((await author.createWorkflow(choicesDefinition())).id);
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();

  await chat.send('my shop');
  const card = chat.choiceCards.last();
  await expect(card.locator('strong')).toHaveText('my shop');
  await expect(card.getByRole('button')).toHaveText(['Basic', 'Pro', 'Talk to sales']);
  await chat.choose('Pro');
  await chat.expectReply('You chose pro.');
  for (const label of ['Basic', 'Pro', 'Talk to sales']) await expect(card.getByRole('button', { name: label })).toBeDisabled();

  await visitor.reload();
  const again = await visitor.expectChat();
  await expect(again.lastReply()).toHaveText('You chose pro.');
  await expect(again.choiceCards.last().getByRole('button', { name: 'Basic' })).toBeDisabled();
});

test('phone screenshots: a table, choices and Arabic fit a 390 px screen', async ({ author, newVisitor }) => {
  const phone = async (definition: ReturnType<typeof llmDefinition>) => {
    const { shareUrl } = await author.publish((await author.createWorkflow(definition)).id);
    const visitor = await newVisitor();
    await visitor.page.setViewportSize({ width: 390, height: 844 });
    await visitor.open(shareUrl);
    await expect(visitor.page.getByTestId('public-chat')).toBeVisible();
    return { visitor, chat: visitor.chat };
  };
  const noSideways = async (page: import('@playwright/test').Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const table = await phone(llmDefinition());
  await table.chat.send('[[stub:table]] what are the plans?');
  await table.chat.expectIdle();
  await expect(table.chat.lastReply().locator('table')).toBeVisible();
  await noSideways(table.visitor.page);
  await saveGuideScreenshot(table.visitor.page, 'chat-table-phone');

  const choices = await phone(choicesDefinition());
  await choices.chat.send('a small bakery');
  await expect(choices.chat.choiceCards.last().getByRole('button', { name: 'Talk to sales' })).toBeVisible();
  const buttons = await choices.chat.choiceCards.last().getByRole('button').evaluateAll((all) =>
    all.map((b) => b.getBoundingClientRect()).map((r) => ({ right: r.right, height: r.height })),
  );
  for (const b of buttons) {
    expect(b.right).toBeLessThanOrEqual(390);
    // Large enough to tap.
    expect(b.height).toBeGreaterThanOrEqual(32);
  }
  await noSideways(choices.visitor.page);
  await saveGuideScreenshot(choices.visitor.page, 'chat-choices-phone');

  const arabic = await phone({ ...llmDefinition('مرحبا! اسألني أي شيء.'), chat: { greeting: 'مرحبا! اسألني أي شيء.', locale: 'ar' } });
  const composer = arabic.chat.element.getByRole('textbox', { name: 'الرسالة' });
  await composer.fill('[[stub:table]] ما هي الخطط؟');
  await arabic.chat.element.getByRole('button', { name: 'إرسال الرسالة' }).click();
  await expect(arabic.chat.lastReply().locator('table')).toBeVisible();
  // An English answer in an Arabic chat reads left to right; code always does.
  await expect(arabic.chat.lastReply()).toHaveAttribute('dir', 'auto');
  expect(await arabic.chat.lastReply().locator('table').evaluate((t) => getComputedStyle(t).direction)).toBe('ltr');
  expect(await arabic.chat.lastReply().locator('pre').evaluate((p) => getComputedStyle(p).direction)).toBe('ltr');
  await noSideways(arabic.visitor.page);
  await saveGuideScreenshot(arabic.visitor.page, 'chat-arabic-phone');
});
