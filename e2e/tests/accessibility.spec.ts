import { AxeBuilder } from '@axe-core/playwright';
import { choicesDefinition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';

/*
 * axe-core on the public chat page, in the light and in the dark color
 * scheme, with a conversation on screen (an answer, a choices card, the
 * disclaimer): no serious or critical violation. The chat's shadow DOM is
 * open, so axe checks the element's insides too.
 */

for (const scheme of ['light', 'dark'] as const) {
  test(`the public chat page has no serious accessibility violations in the ${scheme} scheme`, async ({ author, newVisitor }) => {
    const definition = choicesDefinition();
    definition.chat = {
      ...definition.chat,
      disclaimer: 'Answers may be wrong; check [the docs](https://example.com).',
      theme: { colorScheme: 'system' },
    };
    const { shareUrl } = await author.publish((await author.createWorkflow(definition)).id);
    const visitor = await newVisitor();
    await visitor.page.emulateMedia({ colorScheme: scheme });
    await visitor.open(shareUrl);
    const chat = await visitor.expectChat();
    expect(await chat.look()).toMatchObject({ colorScheme: scheme });
    await chat.send('a bookshop');
    await chat.choose('Basic');
    await chat.expectReply('You chose Basic.');
    // A second card still open, next to the used one.
    await chat.send('a café');
    await expect(chat.choiceCards).toHaveCount(2);
    await chat.expectIdle();

    const results = await new AxeBuilder({ page: visitor.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
    expect(serious).toEqual([]);
  });
}
