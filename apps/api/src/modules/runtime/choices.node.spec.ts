import { CHOICES_ACTION_TYPE, ZWidgetRoot } from '@wfchat/contracts';
import { describe, expect, it } from 'vitest';
import { buttonFor, withChoiceMade } from './choices.node.js';
import { collect, deltasOf, errorOf, finalOf, runtimeWith, turn } from './runtime.testing.js';

const definition = {
  v: 1,
  chat: {},
  nodes: [
    { id: 'start', type: 'template', config: { template: 'Plans for "{{input}}": which one?' } },
    { id: 'pick', type: 'choices', config: { options: [{ label: 'Basic' }, { label: 'Pro plan', value: 'pro' }] } },
    { id: 'is_pro', type: 'condition', config: { equals: 'pro' } },
    { id: 'pro', type: 'template', config: { template: 'Pro it is ({{nodes.pick.output}}).' } },
    { id: 'basic', type: 'template', config: { template: 'You chose {{input}}.' } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [
    { source: 'start', target: 'pick' },
    { source: 'pick', target: 'is_pro' },
    { source: 'is_pro', target: 'pro', when: 'true' },
    { source: 'is_pro', target: 'basic', when: 'false' },
    { source: 'pro', target: 'r' },
    { source: 'basic', target: 'r' },
  ],
};

const widgetOf = (events: Awaited<ReturnType<typeof collect>>) => {
  const widget = events.find((e) => e.type === 'widget');
  if (widget?.type !== 'widget') throw new Error('no widget');
  return widget;
};

describe('choices step', () => {
  it('ends the turn with a Card of Markdown and one button per option, valid against the widget schema', async () => {
    const events = await collect(runtimeWith().run(turn(definition, 'pricing')));
    expect(errorOf(events)).toBeUndefined();
    const { widget, copyText } = widgetOf(events);
    expect(copyText).toBe('Plans for "pricing": which one?');
    expect(ZWidgetRoot.parse(widget)).toEqual({
      type: 'Card',
      children: [
        { type: 'Markdown', value: 'Plans for "pricing": which one?' },
        {
          type: 'Row',
          gap: 2,
          wrap: 'wrap',
          children: [
            {
              type: 'Button',
              label: 'Basic',
              style: 'primary',
              onClickAction: { type: CHOICES_ACTION_TYPE, payload: { node: 'pick', value: 'Basic' } },
            },
            {
              type: 'Button',
              label: 'Pro plan',
              style: 'primary',
              onClickAction: { type: CHOICES_ACTION_TYPE, payload: { node: 'pick', value: 'pro' } },
            },
          ],
        },
      ],
    });
    // Nothing after the choice ran: no text was sent.
    expect(deltasOf(events)).toBe('');
    expect(finalOf(events)).toBe('');
  });

  it('resumes at the clicked step with the value as input and as its output; start nodes do not run again', async () => {
    const pro = await collect(runtimeWith().run({ ...turn(definition, 'pro'), resumeAt: 'pick' }));
    expect(finalOf(pro)).toBe('Pro it is (pro).');
    const basic = await collect(runtimeWith().run({ ...turn(definition, 'Basic'), resumeAt: 'pick' }));
    expect(finalOf(basic)).toBe('You chose Basic.');
    expect(basic.some((e) => e.type === 'widget')).toBe(false);
  });

  it('ends with runtime.choice_expired when the step is gone', async () => {
    const events = await collect(runtimeWith().run({ ...turn(definition, 'pro'), resumeAt: 'gone' }));
    expect(errorOf(events)?.code).toBe('runtime.choice_expired');
  });

  it('finds a button only for an exact choice of the card, and marks the chosen one once made', async () => {
    const { widget } = widgetOf(await collect(runtimeWith().run(turn(definition, 'x'))));
    expect(buttonFor(widget, { node: 'pick', value: 'pro' })?.label).toBe('Pro plan');
    expect(buttonFor(widget, { node: 'pick', value: 'enterprise' })).toBeUndefined();
    expect(buttonFor(widget, { node: 'other', value: 'pro' })).toBeUndefined();
    const used = ZWidgetRoot.parse(withChoiceMade(widget, { node: 'pick', value: 'pro' }));
    const buttons = (used.children[1] as { children: { label: string; disabled: boolean; style: string }[] }).children;
    expect(buttons.map((b) => [b.label, b.disabled, b.style])).toEqual([
      ['Basic', true, 'secondary'],
      ['Pro plan', true, 'primary'],
    ]);
    expect(buttonFor(used, { node: 'pick', value: 'pro' })?.disabled).toBe(true);
  });
});
