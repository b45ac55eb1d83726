import { useRef } from 'react';

/**
 * A templated text (`{{input}}`, `{{nodes.<id>.output}}`) with buttons that
 * insert each placeholder the step may use at the cursor, so authors never
 * have to remember the syntax or the ids.
 */
export function TemplateInput({
  id,
  value,
  onChange,
  earlier,
  rows = 4,
  describedBy,
  placeholder,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Ids of the steps that run before this one. */
  earlier: string[];
  rows?: number;
  describedBy?: string;
  placeholder?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const insert = (placeholderText: string) => {
    const el = ref.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + placeholderText + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + placeholderText.length, start + placeholderText.length);
    });
  };
  const options = ['{{input}}', ...earlier.map((n) => `{{nodes.${n}.output}}`)];
  return (
    <>
      <textarea
        id={id}
        ref={ref}
        value={value}
        rows={rows}
        spellCheck={false}
        placeholder={placeholder}
        aria-invalid={describedBy ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="insert-row" role="group" aria-label="Insert a placeholder">
        <span className="muted">Insert:</span>
        {options.map((o) => (
          <button key={o} type="button" className="chip" onClick={() => insert(o)}>
            {o}
          </button>
        ))}
      </div>
    </>
  );
}
