import type { ReactNode } from 'react';
import type { PlacedIssue } from '../definition-validation.js';

/** A labelled side-panel field with the problems that concern it underneath, in words. */
export function Field({
  id,
  label,
  hint,
  issues,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  issues: PlacedIssue[];
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(issues.length > 0 ? errorId : undefined)}
      {hint && <p className="field-hint">{hint}</p>}
      {issues.length > 0 && (
        <p className="field-error" id={errorId} data-testid="field-error">
          {issues.map((i) => i.message).join(' ')}
        </p>
      )}
    </div>
  );
}
