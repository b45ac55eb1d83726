import { expect, test } from '../support/fixtures.js';
import { saveGuideScreenshot } from '../support/screenshots.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

test('a visitor gives a thumbs-down; the author finds it with the negative filter, reads it, and sees the day in analytics', async ({
  canvas,
  author,
  newVisitor,
}) => {
  const { workflow, shareUrl } = await author.publishedTemplate('Support bot:');

  // One unhappy visitor, one who gives no feedback.
  const unhappy = await newVisitor();
  await unhappy.open(shareUrl);
  const chat = await unhappy.expectChat();
  await chat.ask('My order never arrived', 'Support bot: My order never arrived');
  const rated = unhappy.page.waitForResponse(
    (r) => r.url().endsWith('/api/chatkit') && (r.request().postData() ?? '').includes('items.feedback'),
  );
  await chat.lastReply().locator('xpath=ancestor::li[1]').getByRole('button', { name: 'Bad response' }).click();
  expect((await rated).status()).toBe(200);
  const other = await newVisitor();
  await other.open(shareUrl);
  await (await other.expectChat()).ask('What are your opening hours?', 'Support bot: What are your opening hours?');

  // The author: Conversations tab, negative feedback only.
  const page = canvas.page;
  await page.setViewportSize(DESKTOP);
  await canvas.openWorkflow(workflow.id);
  await page
    .getByRole('navigation', { name: 'Workflow sections' })
    .getByRole('link', { name: 'Conversations' })
    .click();
  await expect(page.getByTestId('conversation')).toHaveCount(2);
  const filters = page.getByRole('form', { name: 'Filter conversations' });
  await filters.getByLabel('Feedback').selectOption('negative');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('conversation')).toHaveCount(1);
  await expect(page.getByTestId('conversation')).toContainText('My order never arrived');
  await expect(page.getByTestId('conversation')).toContainText(/Visitor [0-9a-f]{8}/);
  await page.getByTestId('conversation').click();
  const transcript = page.getByTestId('transcript');
  await expect(transcript).toContainText('My order never arrived');
  await expect(transcript).toContainText('Support bot: My order never arrived');
  await expect(transcript.getByTestId('feedback-negative')).toHaveCount(1);
  await saveGuideScreenshot(page, 'conversations');
  await page.setViewportSize(PHONE);
  await expect(transcript).toBeVisible();
  await saveGuideScreenshot(page, 'conversations-phone');

  // Analytics: today's counts, in the chart and the table.
  await page.setViewportSize(DESKTOP);
  await page.getByRole('navigation', { name: 'Workflow sections' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByTestId('total-conversations')).toHaveText('2');
  await expect(page.getByTestId('total-messages')).toHaveText('2');
  await expect(page.getByTestId('total-feedback')).toHaveText('0 / 1');
  const today = new Date().toISOString().slice(0, 10);
  await expect(page.getByTestId(`stats-${today}`)).toContainText(`${today}22201`);
  const chart = page.getByTestId('stats-chart');
  await expect(chart).toBeVisible();
  // Chart.js drew on the canvas: it is sized and not blank.
  expect(
    await chart.evaluate((el: HTMLCanvasElement) => {
      const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      return el.width > 0 && data.some((v, i) => i % 4 === 3 && v > 0);
    }),
  ).toBe(true);
  await saveGuideScreenshot(page, 'analytics');
  await page.setViewportSize(PHONE);
  await saveGuideScreenshot(page, 'analytics-phone');
});

test('over the daily message cap a visitor sees a friendly screen, not a broken chat', async ({
  author,
  newVisitor,
}) => {
  const { workflow, shareUrl } = await author.publishedTemplate('Capped:');
  await author.request('PATCH', `/api/workflows/${workflow.id}/publish`, { limits: { messagesPerDay: 1 } });
  const visitor = await newVisitor();
  await visitor.open(shareUrl);
  const chat = await visitor.expectChat();
  await chat.ask('first', 'Capped: first');
  await chat.send('second');
  await visitor.expectScreen('quota-exceeded');
  await expect(visitor.screen('quota-exceeded')).toContainText('Come back in about');
  await visitor.page.setViewportSize(PHONE);
  await saveGuideScreenshot(visitor.page, 'chat-quota-exceeded');
});
