import type { TNodeType } from '@wfchat/contracts';
import type { ComponentType } from 'react';
import type { PlacedIssue } from '../definition-validation.js';
import type { EditableDefinition, EditableNode } from './editor-state.js';
import { Field } from './Field.js';
import { NODE_TYPE_LABELS } from './node-types.js';
import { ChoicesForm, ConditionForm, HttpForm, LlmForm, ReplyForm, type StepFormProps, TemplateForm } from './StepForms.js';

const FORMS: Record<TNodeType, ComponentType<StepFormProps>> = {
  template: TemplateForm,
  llm: LlmForm,
  http: HttpForm,
  condition: ConditionForm,
  reply: ReplyForm,
  choices: ChoicesForm,
};

interface Props {
  definition: EditableDefinition;
  step: EditableNode;
  issues: PlacedIssue[];
  earlier: string[];
  onLabel: (label: string) => void;
  onConfig: (config: Record<string, unknown>, field: string) => void;
  onNext: (when: 'true' | 'false' | undefined, target: string) => void;
  onDelete: () => void;
}

/** The selected step's settings: a form for its type, and where it goes next. */
export function NodePanel({ definition, step, issues, earlier, onLabel, onConfig, onNext, onDelete }: Props) {
  const Form = FORMS[step.type];
  const others = definition.nodes.filter((n) => n.id !== step.id);
  const nextOf = (when: 'true' | 'false' | undefined) =>
    definition.edges.find((e) => e.source === step.id && e.when === when)?.target ?? '';
  const outcomes: { when: 'true' | 'false' | undefined; label: string }[] =
    step.type === 'condition'
      ? [
          { when: 'true', label: 'If true, go to' },
          { when: 'false', label: 'If false, go to' },
        ]
      : step.type === 'reply'
        ? []
        : [{ when: undefined, label: 'Next step' }];
  const connectionIssues = issues.filter((i) => i.field === 'next');
  const stepIssues = issues.filter((i) => i.field === 'id' || i.field === 'type');

  return (
    <section className="node-panel" aria-label={`Step ${step.id}`} data-testid="node-panel">
      <div className="node-panel-head">
        <h3>
          {NODE_TYPE_LABELS[step.type]} <code>{step.id}</code>
        </h3>
        <button type="button" className="danger" onClick={onDelete}>
          Delete step
        </button>
      </div>
      {stepIssues.map((i) => (
        <p key={i.message} className="field-error">
          {i.message}
        </p>
      ))}
      <Field id={`step-${step.id}-label`} label="Name on the canvas" issues={issues.filter((i) => i.field === 'label')}>
        {(d) => (
          <input
            id={`step-${step.id}-label`}
            value={step.label ?? ''}
            placeholder={step.id}
            maxLength={200}
            aria-describedby={d}
            onChange={(e) => onLabel(e.target.value)}
          />
        )}
      </Field>
      <Form step={step} issues={issues} earlier={earlier} update={onConfig} />
      {outcomes.map(({ when, label }) => (
        <Field key={label} id={`step-${step.id}-next-${when ?? 'any'}`} label={label} issues={[]}>
          {() => (
            <select
              id={`step-${step.id}-next-${when ?? 'any'}`}
              value={nextOf(when)}
              onChange={(e) => onNext(when, e.target.value)}
            >
              <option value="">(nothing)</option>
              {others.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label ? `${n.label} (${n.id})` : n.id}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
      {step.type === 'reply' && <p className="field-hint">A reply ends the turn: nothing runs after it.</p>}
      {connectionIssues.length > 0 && (
        <p className="field-error" data-testid="field-error">
          {connectionIssues.map((i) => i.message).join(' ')}
        </p>
      )}
    </section>
  );
}
