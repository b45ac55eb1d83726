import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ZActionConfig,
  ZWidgetButton,
  ZWidgetCaption,
  ZWidgetCard,
  ZWidgetCol,
  ZWidgetDivider,
  ZWidgetMarkdown,
  ZWidgetRoot,
  ZWidgetRow,
  ZWidgetText,
} from './widgets.js';

/*
 * chatkit-python's widget models (openai/chatkit-python, chatkit/widgets.py and
 * chatkit/actions.py at commit dacc133), written down field by field: for each
 * model, its fields, which are required (no default), and the values of its
 * Literal-typed fields. Our schemas must be a subset: no field the model does
 * not have, the same required fields, and enum values the model accepts.
 */
type PyModel = { required: string[]; optional: string[]; literals?: Record<string, string[]> };
const base = ['key', 'id'];
const boxBase = [
  'children', 'align', 'justify', 'wrap', 'flex', 'gap', 'height', 'width', 'size', 'minHeight', 'minWidth',
  'minSize', 'maxHeight', 'maxWidth', 'maxSize', 'padding', 'margin', 'border', 'radius', 'background', 'aspectRatio',
];
const boxLiterals = {
  align: ['start', 'center', 'end', 'baseline', 'stretch'],
  justify: ['start', 'center', 'end', 'between', 'around', 'evenly', 'stretch'],
  wrap: ['nowrap', 'wrap', 'wrap-reverse'],
};
const PYTHON_MODELS: Record<string, PyModel> = {
  ActionConfig: {
    required: ['type'],
    optional: ['payload', 'handler', 'loadingBehavior', 'streaming'],
    literals: { handler: ['client', 'server'], loadingBehavior: ['auto', 'none', 'self', 'container'] },
  },
  Card: {
    required: ['type', 'children'],
    optional: [...base, 'asForm', 'background', 'size', 'padding', 'status', 'collapsed', 'confirm', 'cancel', 'theme'],
    literals: { type: ['Card'], size: ['sm', 'md', 'lg', 'full'], theme: ['light', 'dark'] },
  },
  Markdown: { required: ['type', 'value'], optional: [...base, 'streaming'], literals: { type: ['Markdown'] } },
  Text: {
    required: ['type', 'value'],
    optional: [
      ...base, 'streaming', 'italic', 'lineThrough', 'color', 'weight', 'width', 'size', 'textAlign', 'truncate',
      'minLines', 'maxLines', 'editable',
    ],
    literals: {
      type: ['Text'],
      weight: ['normal', 'medium', 'semibold', 'bold'],
      size: ['xs', 'sm', 'md', 'lg', 'xl'],
      textAlign: ['start', 'center', 'end'],
    },
  },
  Caption: {
    required: ['type', 'value'],
    optional: [...base, 'color', 'weight', 'size', 'textAlign', 'truncate', 'maxLines'],
    literals: {
      type: ['Caption'],
      weight: ['normal', 'medium', 'semibold', 'bold'],
      size: ['sm', 'md', 'lg'],
      textAlign: ['start', 'center', 'end'],
    },
  },
  Row: { required: ['type'], optional: [...base, ...boxBase], literals: { type: ['Row'], ...boxLiterals } },
  Col: { required: ['type'], optional: [...base, ...boxBase], literals: { type: ['Col'], ...boxLiterals } },
  Divider: { required: ['type'], optional: [...base, 'color', 'size', 'spacing', 'flush'], literals: { type: ['Divider'] } },
  Button: {
    required: ['type'],
    optional: [
      ...base, 'submit', 'label', 'onClickAction', 'iconStart', 'iconEnd', 'style', 'iconSize', 'color', 'variant',
      'size', 'pill', 'uniform', 'block', 'disabled',
    ],
    literals: {
      type: ['Button'],
      style: ['primary', 'secondary'],
      color: ['primary', 'secondary', 'info', 'discovery', 'success', 'caution', 'warning', 'danger'],
      variant: ['solid', 'soft', 'outline', 'ghost'],
      size: ['3xs', '2xs', 'xs', 'sm', 'md', 'lg', 'xl', '2xl', '3xl'],
    },
  },
};

const OURS: Record<string, z.ZodObject> = {
  ActionConfig: ZActionConfig,
  Card: ZWidgetCard,
  Markdown: ZWidgetMarkdown,
  Text: ZWidgetText,
  Caption: ZWidgetCaption,
  Row: ZWidgetRow,
  Col: ZWidgetCol,
  Divider: ZWidgetDivider,
  Button: ZWidgetButton,
};

/** The literal values a field accepts, when it is an enum or a literal. */
function literalsOf(field: z.ZodType): string[] | undefined {
  let inner = field;
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodEnum) return inner.options.map(String);
  if (inner instanceof z.ZodLiteral) return [...inner.values].map(String);
  return undefined;
}

describe('widget schemas against chatkit-python models', () => {
  for (const [name, model] of Object.entries(PYTHON_MODELS)) {
    it(`${name}: same required fields, no field the model lacks, literals the model accepts`, () => {
      const shape = OURS[name]!.shape as Record<string, z.ZodType>;
      const ours = Object.keys(shape);
      const known = [...model.required, ...model.optional];
      expect(ours.filter((k) => !known.includes(k))).toEqual([]);
      const required = ours.filter((k) => !shape[k]!.safeParse(undefined).success);
      expect(required.sort()).toEqual([...model.required].sort());
      for (const [field, values] of Object.entries(model.literals ?? {})) {
        if (!shape[field]) continue;
        const accepted = literalsOf(shape[field]);
        if (accepted) expect([field, accepted.filter((v) => !values.includes(v))]).toEqual([field, []]);
      }
    });
  }

  it('accepts a Card of Markdown and buttons, and refuses invented fields and unknown components', () => {
    const card = {
      type: 'Card',
      children: [
        { type: 'Markdown', value: 'Pick **one**' },
        {
          type: 'Row',
          gap: 2,
          children: [{ type: 'Button', label: 'A', style: 'primary', onClickAction: { type: 'x', payload: { a: 1 } } }],
        },
      ],
    };
    expect(ZWidgetRoot.safeParse(card).success).toBe(true);
    const invented = structuredClone(card);
    (invented.children[1]!.children![0] as Record<string, unknown>).onClick = 'x';
    expect(ZWidgetRoot.safeParse(invented).success).toBe(false);
    expect(ZWidgetRoot.safeParse({ type: 'Card', children: [{ type: 'Marquee', value: 'x' }] }).success).toBe(false);
    expect(ZWidgetRoot.safeParse({ type: 'Card', children: [{ type: 'Button', style: 'tertiary' }] }).success).toBe(false);
  });
});
