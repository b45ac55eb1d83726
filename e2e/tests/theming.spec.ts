import { templateDefinition, type Definition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

const TEAL = { hex: '#0f766e', rgb: 'rgb(15, 118, 110)' };
const RED = { hex: '#b42318', rgb: 'rgb(180, 35, 24)' };

function themed(chat: NonNullable<Definition['chat']>): Definition {
  const definition = templateDefinition('Themed:');
  return { ...definition, chat: { ...definition.chat, ...chat } };
}

test('visitors get the published theme and words: dark, the accent color, title, placeholder', async ({
  author,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(
    themed({
      title: 'Acme help desk',
      placeholder: 'Ask about your order',
      disclaimer: 'Answers may be wrong; check important facts.',
      theme: { colorScheme: 'dark', accentColor: TEAL.hex, radius: 'large' },
    }),
  );
  const { shareUrl } = await author.publish(workflow.id);

  const visitor = await newVisitor();
  await visitor.page.setViewportSize({ width: 1280, height: 800 });
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();
  await expect(chat.title).toHaveText('Acme help desk');
  expect(await chat.look()).toEqual({ accent: TEAL.rgb, colorScheme: 'dark', placeholder: 'Ask about your order' });
  await chat.ask('Hello', 'Themed: Hello');
  await saveGuideScreenshot(visitor.page, 'theming-public-desktop');
  await visitor.page.setViewportSize({ width: 390, height: 844 });
  await saveGuideScreenshot(visitor.page, 'theming-public-phone');
});

test("a 'system' color scheme follows the visitor's device", async ({ author, newVisitor }) => {
  const workflow = await author.createWorkflow(themed({ theme: { colorScheme: 'system' } }));
  const { shareUrl } = await author.publish(workflow.id);

  const night = await newVisitor();
  await night.page.emulateMedia({ colorScheme: 'dark' });
  await night.open(shareUrl);
  const chat = await night.expectChat();
  expect((await chat.look()).colorScheme).toBe('dark');
  // A device switching while the page is open: the chat follows.
  await night.page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => (await chat.look()).colorScheme).toBe('light');

  const day = await newVisitor();
  await day.page.emulateMedia({ colorScheme: 'light' });
  await day.open(shareUrl);
  expect((await (await day.expectChat()).look()).colorScheme).toBe('light');
});

test('the author edits the appearance with a live preview; once saved the bubble and, once published, visitors get it', async ({
  canvas,
  author,
  newVisitor,
}) => {
  const workflow = await author.createWorkflow(templateDefinition('Canvas theme:'));
  await canvas.page.setViewportSize({ width: 1280, height: 800 });
  await canvas.openWorkflow(workflow.id);
  const { appearance } = canvas;
  await appearance.open();
  expect((await appearance.preview.look()).colorScheme).toBe('light');

  // A wrong color is explained in words, and saving waits until it is fixed.
  await appearance.setAccent('red');
  await expect(appearance.accentError).toHaveText(/for example #2563eb/);
  await expect(canvas.page.getByRole('button', { name: 'Save' })).toBeDisabled();

  // The preview restyles as the author types.
  await appearance.setAccent(RED.hex);
  await expect(appearance.accentError).toBeHidden();
  await appearance.setColors('Dark');
  await appearance.setText('Message box placeholder', 'Type here, please');
  await expect
    .poll(() => appearance.preview.look())
    .toEqual({ accent: RED.rgb, colorScheme: 'dark', placeholder: 'Type here, please' });
  await saveGuideScreenshot(appearance.root, 'theming-canvas');
  await canvas.page.setViewportSize({ width: 390, height: 844 });
  await saveGuideScreenshot(canvas.page, 'theming-canvas-phone');
  await canvas.page.setViewportSize({ width: 1280, height: 800 });

  // The bubble runs the saved draft: the new look arrives with Save.
  await canvas.page.getByRole('button', { name: 'Save' }).click();
  await expect(canvas.page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const bubble = await canvas.openBubble();
  expect(await bubble.look()).toEqual({ accent: RED.rgb, colorScheme: 'dark', placeholder: 'Type here, please' });
  await bubble.ask('Hi', 'Canvas theme: Hi');

  const { shareUrl } = await author.publish(workflow.id);
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  expect(await (await visitor.expectChat()).look()).toEqual({
    accent: RED.rgb,
    colorScheme: 'dark',
    placeholder: 'Type here, please',
  });
});
