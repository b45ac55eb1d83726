import {
  CHOICES_ACTION_TYPE,
  choiceValue,
  type TChoicesActionPayload,
  type TChoicesNode,
  type TWidgetButton,
  type TWidgetComponent,
  type TWidgetRoot,
} from '@wfchat/contracts';

/**
 * A `choices` step as a ChatKit widget: a Card with the step's text (Markdown)
 * and one Button per option. Each button's action carries the step's id and
 * its value, so the stored widget alone is enough to resume the workflow at
 * that step when the action comes back.
 */
export function choicesWidget(node: TChoicesNode, text: string): TWidgetRoot {
  const buttons: TWidgetButton[] = node.config.options.map((option) => {
    const payload: TChoicesActionPayload = { node: node.id, value: choiceValue(option) };
    return {
      type: 'Button',
      label: option.label,
      style: 'primary',
      onClickAction: { type: CHOICES_ACTION_TYPE, payload },
    };
  });
  const children: TWidgetComponent[] = [];
  if (text.trim() !== '') children.push({ type: 'Markdown', value: text });
  children.push({ type: 'Row', gap: 2, wrap: 'wrap', children: buttons });
  return { type: 'Card', children };
}

function buttonsOf(component: TWidgetComponent | TWidgetRoot, found: TWidgetButton[] = []): TWidgetButton[] {
  if (component.type === 'Button') found.push(component);
  else if ('children' in component && Array.isArray(component.children)) {
    for (const child of component.children) buttonsOf(child, found);
  }
  return found;
}

const sameAction = (button: TWidgetButton, payload: TChoicesActionPayload) => {
  const sent = button.onClickAction?.payload as Partial<TChoicesActionPayload> | undefined;
  return (
    button.onClickAction?.type === CHOICES_ACTION_TYPE && sent?.node === payload.node && sent?.value === payload.value
  );
};

/** The button of a stored widget that sends exactly this choice, if any (payloads from a client are untrusted). */
export function buttonFor(widget: TWidgetRoot, payload: TChoicesActionPayload): TWidgetButton | undefined {
  return buttonsOf(widget).find((button) => sameAction(button, payload));
}

/**
 * The widget once a choice is made: every button disabled (stored, so a reload
 * shows it used), the chosen one kept primary and the others secondary.
 */
export function withChoiceMade(widget: TWidgetRoot, payload: TChoicesActionPayload): TWidgetRoot {
  const mark = (component: TWidgetComponent): TWidgetComponent => {
    if (component.type === 'Button') {
      return { ...component, disabled: true, style: sameAction(component, payload) ? 'primary' : 'secondary' };
    }
    if (component.type === 'Row' || component.type === 'Col') {
      return component.children ? { ...component, children: component.children.map(mark) } : component;
    }
    return component;
  };
  return { ...widget, children: widget.children.map(mark) };
}
