import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { demoDefinition } from '@wfchat/contracts';
import { describe, expect, it, vi } from 'vitest';
import { checkDefinitionText, formatDefinition } from '../definition-validation.js';
import { GraphEditor } from './GraphEditor.js';
import type { RunStatusMap } from './run-status.js';

const text = formatDefinition(demoDefinition({ withLlm: false }));

function renderEditor(props: { text?: string; runStatus?: RunStatusMap; onChange?: (t: string) => void } = {}) {
  const value = props.text ?? text;
  const check = checkDefinitionText(value);
  return render(
    <div style={{ width: 1000, height: 600 }}>
      <GraphEditor
        text={value}
        onChange={props.onChange ?? (() => {})}
        issues={check.ok ? [] : check.issues}
        runStatus={props.runStatus}
        onUndo={() => {}}
        onRedo={() => {}}
        canUndo={false}
        canRedo={false}
      />
    </div>,
  );
}

const node = (container: HTMLElement, id: string) => container.querySelector(`.react-flow__node[data-id="${id}"]`);

describe('graph editor', () => {
  it('draws every step as a node whose data-id is the step id', async () => {
    const { container } = renderEditor();
    await waitFor(() => expect(container.querySelectorAll('.react-flow__node')).toHaveLength(6));
    for (const id of ['is_pricing', 'pricing', 'is_hours', 'hours', 'fallback', 'reply']) {
      expect(node(container, id)).not.toBeNull();
    }
  });

  it('shows the status of each step of the last run', async () => {
    const { container } = renderEditor({
      runStatus: {
        is_pricing: { status: 'done', durationMs: 3 },
        pricing: { status: 'skipped' },
        is_hours: { status: 'done', durationMs: 1500 },
        hours: { status: 'failed', durationMs: 12 },
        fallback: { status: 'running' },
      },
    });
    await waitFor(() => expect(node(container, 'hours')).not.toBeNull());
    const badge = (id: string) => node(container, id)!.querySelector('[data-testid="run-badge"]')?.textContent;
    expect(badge('is_pricing')).toBe('Done · 3 ms');
    expect(badge('is_hours')).toBe('Done · 1.5 s');
    expect(badge('hours')).toBe('Failed · 12 ms');
    expect(badge('pricing')).toBe('Skipped');
    expect(badge('fallback')).toBe('Running');
    expect(badge('reply')).toBeUndefined();
    expect(node(container, 'hours')!.querySelector('.step-node')!.classList).toContain('run-failed');
    expect(node(container, 'reply')!.querySelector('.step-node')!.className).not.toMatch(/run-/);
  });

  it('shows a problem on its step in words', async () => {
    const broken = JSON.parse(text);
    broken.nodes[1].config.template = 'Hi {{nodes.hours.output}}';
    const { container } = renderEditor({ text: formatDefinition(broken) });
    await waitFor(() => expect(node(container, 'pricing')).not.toBeNull());
    expect(node(container, 'pricing')!.querySelector('[data-testid="step-issue"]')!.textContent).toBe(
      'Template refers to node "hours", which does not run before "pricing"',
    );
  });

  it('adds a step from the palette and hands the new JSON up', async () => {
    const onChange = vi.fn();
    renderEditor({ onChange });
    fireEvent.click(await screen.findByRole('button', { name: 'Add HTTP request step' }));
    const written = JSON.parse(onChange.mock.calls[0]![0] as string);
    expect(written.nodes.at(-1)).toMatchObject({ id: 'http', type: 'http', config: { url: '', method: 'GET' } });
    // The laid-out positions are saved with the first edit.
    expect(written.nodes.every((n: { position?: unknown }) => n.position)).toBe(true);
  });

  it('tells the author to fix unreadable JSON in the JSON tab', async () => {
    renderEditor({ text: '{ "v": 1, ' });
    expect((await screen.findByTestId('graph-unreadable')).textContent).toContain('JSON tab');
  });
});
