import '@xyflow/react/dist/style.css';
import type { TNodeType } from '@wfchat/contracts';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  MiniMap,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DefinitionIssue, placeIssues } from '../definition-validation.js';
import { withPositions } from './auto-layout.js';
import {
  addNode,
  type Clipboard,
  connect,
  copy,
  earlierSteps,
  type EditableDefinition,
  edgeKey,
  moveNodes,
  nextPosition,
  paste,
  readGraph,
  removeElements,
  setNext,
  setViewport,
  updateNode,
  writeGraph,
} from './editor-state.js';
import { NodePanel } from './NodePanel.js';
import { Palette } from './Palette.js';
import type { RunStatusMap } from './run-status.js';
import { type StepFlowNode, StepNode } from './StepNode.js';

export interface GraphEditorProps {
  /** The definition as JSON text: the one source both views edit. */
  text: string;
  /** `key` groups a run of edits (typing in one field) into one undo step. */
  onChange: (text: string, key?: string) => void;
  issues: DefinitionIssue[];
  /** How each step of the last test run went, by node id. */
  runStatus?: RunStatusMap;
  onUndo: () => void;
  onRedo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

const nodeTypes = { step: StepNode };

/** The workflow as a graph: steps to place, connect and configure. */
export function GraphEditor(props: GraphEditorProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ text, onChange, issues, runStatus, onUndo, onRedo, canUndo, canRedo }: GraphEditorProps) {
  const flow = useReactFlow();
  const read = useMemo(() => readGraph(text), [text]);
  // Older definitions have no positions: they are laid out here, and the layout is saved with the next edit.
  const definition = useMemo(() => (read.ok ? withPositions(read.definition) : null), [read]);
  const placed = useMemo(() => placeIssues(issues, read.ok ? read.definition : {}), [issues, read]);

  const [nodes, setNodes] = useState<StepFlowNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const selectNext = useRef<string[] | null>(null);
  const clipboard = useRef<Clipboard | null>(null);

  useEffect(() => {
    if (!definition) return;
    // Read now: the updater below runs later, after the ref is cleared.
    const select = selectNext.current;
    selectNext.current = null;
    if (select) setSelected(select);
    setNodes((previous) => {
      const before = new Map(previous.map((n) => [n.id, n]));
      return definition.nodes.map((step) => ({
        ...before.get(step.id),
        id: step.id,
        type: 'step' as const,
        position: step.position!,
        selected: select ? select.includes(step.id) : (before.get(step.id)?.selected ?? false),
        data: { step, issues: placed.nodes[step.id] ?? [], status: runStatus?.[step.id] },
      }));
    });
    setEdges((previous) => {
      const wasSelected = new Set(previous.filter((e) => e.selected).map((e) => e.id));
      const types = new Map(definition.nodes.map((n) => [n.id, n.type]));
      return definition.edges.map((e) => {
        const branch = types.get(e.source) === 'condition' ? e.when : undefined;
        return {
          id: edgeKey(e),
          source: e.source,
          target: e.target,
          sourceHandle: branch ?? null,
          label: branch,
          className: branch ? `edge-${branch}` : undefined,
          markerEnd: { type: MarkerType.ArrowClosed },
          selected: wasSelected.has(edgeKey(e)),
        };
      });
    });
  }, [definition, placed, runStatus]);

  const commit = useCallback(
    (next: EditableDefinition, key?: string) => onChange(writeGraph(setViewport(next, flow.getViewport())), key),
    [flow, onChange],
  );

  const onNodesChange = useCallback(
    // Removals go through onDelete, which changes the definition; the rest (drag, select, measure) is view state.
    (changes: NodeChange<StepFlowNode>[]) =>
      setNodes((n) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), n)),
    [],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => setEdges((e) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), e)),
    [],
  );

  const keyHandler = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  // React Flow subscribes to this handler: a new function on every render would loop (React error 185).
  const onSelectionChange = useCallback(({ nodes: picked }: { nodes: StepFlowNode[] }) => {
    const ids = picked.map((n) => n.id);
    setSelected((current) => (current.length === ids.length && current.every((id, i) => id === ids[i]) ? current : ids));
  }, []);

  if (!definition) {
    return (
      <div className="graph-unreadable" role="alert" data-testid="graph-unreadable">
        {read.ok ? null : read.message}
      </div>
    );
  }
  const current = definition;

  function add(type: TNodeType) {
    const { definition: next, id } = addNode(current, type, nextPosition(current, selected.at(-1)));
    selectNext.current = [id];
    commit(next);
  }

  function remove(nodeIds: string[], edgeIds: string[] = []) {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    commit(removeElements(current, nodeIds, edgeIds));
  }

  function onKeyDown(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    // Shortcuts work with focus in the editor, or nowhere (after the focused step was deleted).
    if (target !== document.body && !target.closest('.graph-editor')) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 'z') {
      event.preventDefault();
      if (event.shiftKey) onRedo();
      else onUndo();
    } else if (mod && key === 'y') {
      event.preventDefault();
      onRedo();
    } else if (mod && key === 'c' && selected.length > 0) {
      event.preventDefault();
      clipboard.current = copy(current, selected);
    } else if (mod && key === 'v' && clipboard.current) {
      event.preventDefault();
      const { definition: next, ids } = paste(current, clipboard.current);
      selectNext.current = ids;
      commit(next);
    } else if (!mod && key === 'f') {
      event.preventDefault();
      void flow.fitView({ padding: 0.2 });
    }
  }

  keyHandler.current = onKeyDown;

  const step = selected.length === 1 ? current.nodes.find((n) => n.id === selected[0]) : undefined;
  const viewport = current.ui?.viewport;

  return (
    <div className="graph-editor" data-testid="graph-editor">
      <div className="graph-toolbar" role="toolbar" aria-label="Graph tools">
        <Palette onAdd={add} />
        <div className="graph-actions">
          <button type="button" onClick={onUndo} disabled={!canUndo} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" onClick={onRedo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
          <button type="button" onClick={() => void flow.fitView({ padding: 0.2 })} title="Fit view (F)">
            Fit view
          </button>
        </div>
      </div>
      {placed.general.length > 0 && (
        <ul className="issues graph-general-issues" data-testid="graph-issues">
          {placed.general.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div className="graph-body">
        <div className="graph-canvas" aria-label="Workflow graph">
          <ReactFlow<StepFlowNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={(c: Connection) =>
              commit(
                connect(current, {
                  source: c.source,
                  target: c.target,
                  ...(c.sourceHandle === 'true' || c.sourceHandle === 'false' ? { when: c.sourceHandle } : {}),
                }),
              )
            }
            isValidConnection={(c) => c.source !== c.target}
            onNodeDragStop={(_, __, dragged) =>
              commit(moveNodes(current, Object.fromEntries(dragged.map((n) => [n.id, n.position]))))
            }
            onDelete={({ nodes: n, edges: e }) =>
              remove(
                n.map((x) => x.id),
                e.map((x) => x.id),
              )
            }
            onSelectionChange={onSelectionChange}
            deleteKeyCode={['Delete', 'Backspace']}
            defaultViewport={viewport}
            fitView={!viewport}
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable ariaLabel="Minimap" className="graph-minimap" />
          </ReactFlow>
        </div>
        <aside className="graph-panel">
          {step ? (
            <NodePanel
              key={step.id}
              definition={current}
              step={step}
              issues={placed.nodes[step.id] ?? []}
              earlier={earlierSteps(current, step.id)}
              onLabel={(label) => commit(updateNode(current, step.id, { label }), `${step.id}.label`)}
              onConfig={(config, field) => commit(updateNode(current, step.id, { config }), `${step.id}.${field}`)}
              onNext={(when, target) => commit(setNext(current, step.id, when, target))}
              onDelete={() => remove([step.id])}
            />
          ) : (
            <div className="graph-help">
              <p>
                <strong>Select a step</strong> to edit it.
              </p>
              <ul>
                <li>Add steps with the buttons above.</li>
                <li>Drag from the dot under a step to another step to connect them (a condition has a true and a false dot).</li>
                <li>Delete/Backspace deletes, Ctrl+C / Ctrl+V copies, Ctrl+Z / Ctrl+Shift+Z undoes and redoes, F fits the view.</li>
              </ul>
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}
