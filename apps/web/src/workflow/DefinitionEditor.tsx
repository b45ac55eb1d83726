import type { DefinitionIssue } from './definition-validation.js';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Problems found while typing. */
  issues: DefinitionIssue[];
  /** Problems the server reported on the last save (400 workflow.invalid_definition). */
  serverIssues: DefinitionIssue[];
}

function IssueList({ issues, testId, title }: { issues: DefinitionIssue[]; testId: string; title: string }) {
  if (issues.length === 0) return null;
  return (
    <div className="issues" role="alert" data-testid={testId}>
      <p>{title}</p>
      <ul>
        {issues.map((issue, i) => (
          <li key={`${issue.path}:${i}`}>
            <code>{issue.path || '(definition)'}</code> {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The workflow definition as JSON, validated as you type. */
export function DefinitionEditor({ value, onChange, issues, serverIssues }: Props) {
  return (
    <div className="definition-editor">
      <label htmlFor="definition">Definition (JSON)</label>
      <textarea
        id="definition"
        className="code"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issues.length > 0}
        aria-describedby="definition-status"
        rows={24}
      />
      <div id="definition-status">
        {issues.length === 0 ? (
          <p className="ok" data-testid="definition-valid">
            Definition is valid.
          </p>
        ) : (
          <IssueList issues={issues} testId="definition-issues" title="Fix these problems before saving:" />
        )}
        <IssueList issues={serverIssues} testId="server-issues" title="The server refused the definition:" />
      </div>
    </div>
  );
}
