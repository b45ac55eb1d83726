import { z } from 'zod';

/**
 * The ChatKit widget components this server emits, as zod schemas that follow
 * chatkit-python's widget models (`chatkit/widgets.py`, `chatkit/actions.py`)
 * field for field: same names, same literal values, every field the models
 * make optional optional here. Only the subset we send is described (Card,
 * Markdown, Text, Caption, Row, Col, Button, Divider), and each object is
 * strict, so a typo or an invented field in what we emit fails the tests
 * (see widgets.spec.ts, which checks these schemas against a record of the
 * Python models).
 */

/** `ActionConfig`: what a button sends back. `handler` "server" is `threads.custom_action`. */
export const ZActionConfig = z.strictObject({
  type: z.string().min(1),
  payload: z.unknown().optional(),
  handler: z.enum(['client', 'server']).optional(),
  loadingBehavior: z.enum(['auto', 'none', 'self', 'container']).optional(),
  streaming: z.boolean().optional(),
});
export type TActionConfig = z.infer<typeof ZActionConfig>;

// `WidgetComponentBase`: every component may carry a key and an id.
const base = { key: z.string().optional(), id: z.string().optional() };

const textColor = z.string();
const TextAlign = z.enum(['start', 'center', 'end']);
const Alignment = z.enum(['start', 'center', 'end', 'baseline', 'stretch']);
const Justification = z.enum(['start', 'center', 'end', 'between', 'around', 'evenly', 'stretch']);
const ControlVariant = z.enum(['solid', 'soft', 'outline', 'ghost']);
const ControlSize = z.enum(['3xs', '2xs', 'xs', 'sm', 'md', 'lg', 'xl', '2xl', '3xl']);
const weight = z.enum(['normal', 'medium', 'semibold', 'bold']);
const spacing = z.union([z.number(), z.string()]);

export const ZWidgetMarkdown = z.strictObject({
  ...base,
  type: z.literal('Markdown'),
  value: z.string(),
  streaming: z.boolean().optional(),
});

export const ZWidgetText = z.strictObject({
  ...base,
  type: z.literal('Text'),
  value: z.string(),
  streaming: z.boolean().optional(),
  italic: z.boolean().optional(),
  lineThrough: z.boolean().optional(),
  color: textColor.optional(),
  weight: weight.optional(),
  size: z.enum(['xs', 'sm', 'md', 'lg', 'xl']).optional(),
  textAlign: TextAlign.optional(),
  truncate: z.boolean().optional(),
  minLines: z.number().int().optional(),
  maxLines: z.number().int().optional(),
});

export const ZWidgetCaption = z.strictObject({
  ...base,
  type: z.literal('Caption'),
  value: z.string(),
  color: textColor.optional(),
  weight: weight.optional(),
  size: z.enum(['sm', 'md', 'lg']).optional(),
  textAlign: TextAlign.optional(),
  truncate: z.boolean().optional(),
  maxLines: z.number().int().optional(),
});

export const ZWidgetButton = z.strictObject({
  ...base,
  type: z.literal('Button'),
  submit: z.boolean().optional(),
  label: z.string().optional(),
  onClickAction: ZActionConfig.optional(),
  style: z.enum(['primary', 'secondary']).optional(),
  color: z.enum(['primary', 'secondary', 'info', 'discovery', 'success', 'caution', 'warning', 'danger']).optional(),
  variant: ControlVariant.optional(),
  size: ControlSize.optional(),
  pill: z.boolean().optional(),
  uniform: z.boolean().optional(),
  block: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export type TWidgetButton = z.infer<typeof ZWidgetButton>;

export const ZWidgetDivider = z.strictObject({
  ...base,
  type: z.literal('Divider'),
  color: textColor.optional(),
  size: spacing.optional(),
  spacing: spacing.optional(),
  flush: z.boolean().optional(),
});

/** `BoxBase`'s layout fields we use (the rest of the model is optional and never sent). */
const box = {
  align: Alignment.optional(),
  justify: Justification.optional(),
  wrap: z.enum(['nowrap', 'wrap', 'wrap-reverse']).optional(),
  gap: spacing.optional(),
  padding: spacing.optional(),
};

/** Row and Col: flex containers, the only components that nest. */
export interface TWidgetBox {
  type: 'Row' | 'Col';
  key?: string;
  id?: string;
  children?: TWidgetComponent[];
  align?: string;
  justify?: string;
  wrap?: string;
  gap?: number | string;
  padding?: number | string;
}

export type TWidgetComponent =
  | z.infer<typeof ZWidgetMarkdown>
  | z.infer<typeof ZWidgetText>
  | z.infer<typeof ZWidgetCaption>
  | TWidgetButton
  | z.infer<typeof ZWidgetDivider>
  | TWidgetBox;

export const ZWidgetComponent: z.ZodType<TWidgetComponent> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ZWidgetMarkdown,
    ZWidgetText,
    ZWidgetCaption,
    ZWidgetButton,
    ZWidgetDivider,
    ZWidgetRow,
    ZWidgetCol,
  ]),
);

export const ZWidgetRow = z.strictObject({
  ...base,
  type: z.literal('Row'),
  children: z.array(ZWidgetComponent).optional(),
  ...box,
});
export const ZWidgetCol = z.strictObject({
  ...base,
  type: z.literal('Col'),
  children: z.array(ZWidgetComponent).optional(),
  ...box,
});

/** `Card`, the root of every widget we send. */
export const ZWidgetCard = z
  .strictObject({
    ...base,
    type: z.literal('Card'),
    asForm: z.boolean().optional(),
    children: z.array(ZWidgetComponent),
    background: z.string().optional(),
    size: z.enum(['sm', 'md', 'lg', 'full']).optional(),
    padding: spacing.optional(),
    collapsed: z.boolean().optional(),
    theme: z.enum(['light', 'dark']).optional(),
  })
  .meta({ id: 'WidgetRoot' });
export type TWidgetRoot = z.infer<typeof ZWidgetCard>;
export const ZWidgetRoot = ZWidgetCard;
