import { HTTP_STEP_MAX_TIMEOUT_MS } from '@wfchat/contracts';
import { useEffect, useState } from 'react';
import type { PlacedIssue } from '../definition-validation.js';
import type { EditableNode } from './editor-state.js';
import { Field } from './Field.js';
import { TemplateInput } from './TemplateInput.js';

export interface StepFormProps {
  step: EditableNode;
  issues: PlacedIssue[];
  /** Ids of the steps that run before this one (what its templates may refer to). */
  earlier: string[];
  /** Replaces the step's config; `field` groups a run of typing into one undo step. */
  update: (config: Record<string, unknown>, field: string) => void;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const toNumber = (s: string) => (s.trim() === '' ? undefined : Number(s));

function useIssues(issues: PlacedIssue[]) {
  return (field: string) => issues.filter((i) => i.field === field);
}

/** One template field of a step's config, with placeholder insertion; `optional` stores empty as unset. */
function TemplateField({
  step,
  issues,
  earlier,
  update,
  field,
  label,
  hint,
  optional = false,
}: StepFormProps & { field: string; label: string; hint: string; optional?: boolean }) {
  const id = `step-${step.id}-${field}`;
  return (
    <Field id={id} label={label} issues={issues.filter((i) => i.field === field)} hint={hint}>
      {(d) => (
        <TemplateInput
          id={id}
          value={str(step.config[field])}
          earlier={earlier}
          describedBy={d}
          onChange={(value) => update({ ...step.config, [field]: optional ? value || undefined : value }, field)}
        />
      )}
    </Field>
  );
}

export function TemplateForm(props: StepFormProps) {
  return <TemplateField {...props} field="template" label="Template" hint="The text this step produces." />;
}

export function LlmForm({ step, issues, earlier, update }: StepFormProps) {
  const of = useIssues(issues);
  const c = step.config;
  const set = (field: string, value: unknown) => update({ ...c, [field]: value }, field);
  return (
    <>
      <Field id={`step-${step.id}-model`} label="Model" issues={of('model')} hint="Empty: the server's default model.">
        {(d) => (
          <input
            id={`step-${step.id}-model`}
            value={str(c.model)}
            aria-describedby={d}
            onChange={(e) => set('model', e.target.value || undefined)}
          />
        )}
      </Field>
      <Field id={`step-${step.id}-system`} label="System prompt" issues={of('system')}>
        {(d) => (
          <TemplateInput
            id={`step-${step.id}-system`}
            value={str(c.system)}
            earlier={earlier}
            describedBy={d}
            onChange={(v) => set('system', v || undefined)}
          />
        )}
      </Field>
      <Field
        id={`step-${step.id}-temperature`}
        label="Temperature"
        issues={of('temperature')}
        hint="0 (focused) to 2 (creative); empty: the model's default."
      >
        {(d) => (
          <input
            id={`step-${step.id}-temperature`}
            type="number"
            min={0}
            max={2}
            step={0.1}
            value={num(c.temperature)}
            aria-describedby={d}
            onChange={(e) => set('temperature', toNumber(e.target.value))}
          />
        )}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={c.history === true}
          onChange={(e) => set('history', e.target.checked || undefined)}
        />
        Send the conversation so far
      </label>
    </>
  );
}

export function HttpForm({ step, issues, earlier, update }: StepFormProps) {
  const of = useIssues(issues);
  const c = step.config;
  const set = (field: string, value: unknown) => update({ ...c, [field]: value }, field);
  const bodyText = c.body === undefined ? '' : JSON.stringify(c.body, null, 2);
  // The body is JSON: keep what the author types until it parses, then store it.
  const [body, setBody] = useState(bodyText);
  const [bodyError, setBodyError] = useState<string | null>(null);
  useEffect(() => {
    setBody((typed) => (sameJson(typed, bodyText) ? typed : bodyText));
  }, [bodyText]);
  const bodyIssues = [...of('body'), ...(bodyError ? [{ field: 'body', message: bodyError }] : [])];
  return (
    <>
      <Field
        id={`step-${step.id}-url`}
        label="URL"
        issues={of('url')}
        hint="http(s) address; placeholders are URL-encoded."
      >
        {(d) => (
          <TemplateInput
            id={`step-${step.id}-url`}
            rows={2}
            value={str(c.url)}
            earlier={earlier}
            describedBy={d}
            placeholder="https://example.com/search?q={{input}}"
            onChange={(url) => set('url', url)}
          />
        )}
      </Field>
      <Field id={`step-${step.id}-method`} label="Method" issues={of('method')}>
        {(d) => (
          <select
            id={`step-${step.id}-method`}
            value={str(c.method) || 'GET'}
            aria-describedby={d}
            onChange={(e) => set('method', e.target.value)}
          >
            <option value="GET">GET</option>
            <option value="POST">POST</option>
          </select>
        )}
      </Field>
      {c.method === 'POST' && (
        <Field
          id={`step-${step.id}-body`}
          label="Body (JSON)"
          issues={bodyIssues}
          hint='For example {"question": "{{input}}"}'
        >
          {(d) => (
            <textarea
              id={`step-${step.id}-body`}
              className="code"
              rows={4}
              spellCheck={false}
              value={body}
              aria-describedby={d}
              onChange={(e) => {
                setBody(e.target.value);
                if (e.target.value.trim() === '') {
                  setBodyError(null);
                  set('body', undefined);
                  return;
                }
                try {
                  const parsed: unknown = JSON.parse(e.target.value);
                  setBodyError(null);
                  set('body', parsed);
                } catch {
                  setBodyError('The body is not valid JSON yet; it is saved once it is.');
                }
              }}
            />
          )}
        </Field>
      )}
      <Field
        id={`step-${step.id}-timeout`}
        label="Timeout (ms)"
        issues={of('timeoutMs')}
        hint={`100 to ${HTTP_STEP_MAX_TIMEOUT_MS}; empty: the server's default.`}
      >
        {(d) => (
          <input
            id={`step-${step.id}-timeout`}
            type="number"
            min={100}
            max={HTTP_STEP_MAX_TIMEOUT_MS}
            step={100}
            value={num(c.timeoutMs)}
            aria-describedby={d}
            onChange={(e) => set('timeoutMs', toNumber(e.target.value))}
          />
        )}
      </Field>
    </>
  );
}

const TESTS = ['contains', 'equals', 'matches'] as const;
type TestKind = (typeof TESTS)[number];
const TEST_LABELS: Record<TestKind, string> = {
  contains: 'contains',
  equals: 'equals',
  matches: 'matches the pattern',
};

export function ConditionForm({ step, issues, earlier, update }: StepFormProps) {
  const of = useIssues(issues);
  const c = step.config;
  const kind: TestKind = TESTS.find((t) => c[t] !== undefined) ?? 'contains';
  const value = str(c[kind]);
  const setTest = (next: TestKind, nextValue: string) => {
    const config: Record<string, unknown> = { ...c };
    for (const t of TESTS) delete config[t];
    config[next] = nextValue;
    update(config, next);
  };
  const general = issues.filter((i) => i.field === undefined);
  return (
    <>
      <Field id={`step-${step.id}-on`} label="Test on" issues={of('on')}>
        {(d) => (
          <select
            id={`step-${step.id}-on`}
            value={str(c.on)}
            aria-describedby={d}
            onChange={(e) => update({ ...c, on: e.target.value || undefined }, 'on')}
          >
            <option value="">The previous step's output</option>
            <option value="input">The visitor's message</option>
            {earlier.map((n) => (
              <option key={n} value={n}>
                The output of {n}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`step-${step.id}-test`} label="Test" issues={[]}>
        {() => (
          <select id={`step-${step.id}-test`} value={kind} onChange={(e) => setTest(e.target.value as TestKind, value)}>
            {TESTS.map((t) => (
              <option key={t} value={t}>
                {TEST_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={`step-${step.id}-value`}
        label="Value"
        issues={[...of(kind), ...general]}
        hint={
          kind === 'matches'
            ? 'A regular expression (RE2), tested anywhere in the text, ignoring case.'
            : 'Ignores case. True takes the "true" connection, otherwise "false".'
        }
      >
        {(d) => (
          <input
            id={`step-${step.id}-value`}
            value={value}
            aria-describedby={d}
            onChange={(e) => setTest(kind, e.target.value)}
          />
        )}
      </Field>
    </>
  );
}

export function ReplyForm(props: StepFormProps) {
  return (
    <TemplateField {...props} field="text" label="Reply text" hint="Empty: the previous step's output." optional />
  );
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b || 'null'));
  } catch {
    return false;
  }
}

interface ChoiceOption {
  label: string;
  value?: string;
}

const optionsOf = (v: unknown): ChoiceOption[] =>
  Array.isArray(v)
    ? v.map((o) => ({ label: str(o?.label), ...(typeof o?.value === 'string' ? { value: o.value } : {}) }))
    : [];

export function ChoicesForm({ step, issues, earlier, update }: StepFormProps) {
  const of = useIssues(issues);
  const options = optionsOf(step.config.options);
  const setOptions = (next: ChoiceOption[]) => update({ ...step.config, options: next }, 'options');
  const setOption = (i: number, change: Partial<ChoiceOption>) =>
    setOptions(options.map((o, j) => (j === i ? { ...o, ...change } : o)));
  return (
    <>
      <TemplateField
        {...{ step, issues, earlier, update }}
        field="text"
        label="Question"
        hint="Shown above the buttons. Empty: the previous step's output."
        optional
      />
      <fieldset className="choice-options">
        <legend>Buttons</legend>
        <p className="hint">
          A click continues the workflow after this step, with the button's value (by default its label) as the input.
        </p>
        {options.map((option, i) => (
          <div className="row" key={i} data-testid="choice-option">
            <label>
              Label {i + 1}
              <input value={option.label} onChange={(e) => setOption(i, { label: e.target.value })} />
            </label>
            <label>
              Value
              <input
                value={option.value ?? ''}
                placeholder="Same as the label"
                onChange={(e) => setOption(i, { value: e.target.value || undefined })}
              />
            </label>
            <button
              type="button"
              aria-label={`Remove button ${i + 1}`}
              disabled={options.length <= 1}
              onClick={() => setOptions(options.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        {of('options').map((issue, i) => (
          <p key={i} className="error" role="alert">
            {issue.message}
          </p>
        ))}
        <button type="button" onClick={() => setOptions([...options, { label: `Option ${options.length + 1}` }])}>
          Add a button
        </button>
      </fieldset>
    </>
  );
}
