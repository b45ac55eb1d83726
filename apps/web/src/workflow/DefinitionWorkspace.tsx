import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { DefinitionIssue } from './definition-validation.js';
import { DefinitionEditor } from './DefinitionEditor.js';
import { emptyHistory, type History, record, redo, undo } from './graph/editor-state.js';
import type { RunStatusMap } from './graph/run-status.js';

// React Flow is the biggest part of Canvas: it loads with the graph tab, never with other pages.
const GraphEditor = lazy(async () => ({ default: (await import('./graph/GraphEditor.js')).GraphEditor }));

type Tab = 'graph' | 'json';

/** The page's workflow form, which the Save button (and Ctrl+S) submits. */
const saveForm = () => document.getElementById('edit-workflow') as HTMLFormElement | null;

interface Props {
  text: string;
  onTextChange: (text: string) => void;
  /** Changes when the draft is replaced wholesale (load, save, reload): undo starts afresh. */
  historyKey: string;
  issues: DefinitionIssue[];
  serverIssues: DefinitionIssue[];
  runStatus?: RunStatusMap;
  /** Save button and messages, shown above both views. */
  actions: ReactNode;
}

/**
 * The definition in two views over the same JSON text: the graph and the raw
 * JSON. Both edit the text, so a change in one shows in the other, and undo
 * covers both.
 */
export function DefinitionWorkspace({ text, onTextChange, historyKey, issues, serverIssues, runStatus, actions }: Props) {
  const [tab, setTab] = useState<Tab>('graph');
  const [history, setHistory] = useState<History>(emptyHistory);
  // A stable list: the graph redraws its nodes when the problems change.
  const allIssues = useMemo(() => [...issues, ...serverIssues], [issues, serverIssues]);
  useEffect(() => setHistory(emptyHistory()), [historyKey]);
  // Ctrl+S anywhere on the page saves, as in any editor (not the browser's "save page").
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        saveForm()?.requestSubmit();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const change = useCallback(
    (next: string, key?: string) => {
      if (next === text) return;
      setHistory((h) => record(h, text, key));
      onTextChange(next);
    },
    [text, onTextChange],
  );
  const step = (result: { history: History; text: string } | null) => {
    if (!result) return;
    setHistory(result.history);
    onTextChange(result.text);
  };

  return (
    <section className="card workspace" aria-label="Workflow definition">
      <div className="workspace-head">
        <div className="tabs" role="tablist" aria-label="Definition view">
          <button
            type="button"
            role="tab"
            id="tab-graph"
            aria-selected={tab === 'graph'}
            aria-controls="panel-graph"
            onClick={() => setTab('graph')}
          >
            Graph
          </button>
          <button
            type="button"
            role="tab"
            id="tab-json"
            aria-selected={tab === 'json'}
            aria-controls="panel-json"
            onClick={() => setTab('json')}
          >
            JSON
          </button>
        </div>
        <div className="workspace-actions">{actions}</div>
      </div>
      <div role="tabpanel" id="panel-graph" aria-labelledby="tab-graph" hidden={tab !== 'graph'}>
        {tab === 'graph' && (
          <Suspense fallback={<p className="muted graph-loading">Loading the graph editor…</p>}>
            <GraphEditor
              text={text}
              onChange={change}
              issues={allIssues}
              runStatus={runStatus}
              onUndo={() => step(undo(history, text))}
              onRedo={() => step(redo(history, text))}
              canUndo={history.past.length > 0}
              canRedo={history.future.length > 0}
            />
          </Suspense>
        )}
      </div>
      {/* Rendered while hidden too: the JSON keeps its own cursor and selection between tab switches. */}
      <div role="tabpanel" id="panel-json" aria-labelledby="tab-json" hidden={tab !== 'json'}>
        <DefinitionEditor
          value={text}
          onChange={(next) => change(next, 'json')}
          issues={issues}
          serverIssues={serverIssues}
        />
      </div>
    </section>
  );
}
