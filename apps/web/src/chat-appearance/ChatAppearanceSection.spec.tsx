import type { WorkflowChatProps } from '@wfchat/chatkit';
import { defaultDefinition } from '@wfchat/contracts';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi } from '../test/mock-api.js';
import { ChatAppearanceSection } from './ChatAppearanceSection.js';

// What the preview hands the chat package (the chat itself is tested in packages/chatkit).
const chat = vi.hoisted(() => ({ props: null as WorkflowChatProps | null }));
vi.mock('@wfchat/chatkit', () => ({
  WorkflowChat: (props: WorkflowChatProps) => {
    chat.props = props;
    return <div data-testid="workflow-chat" />;
  },
}));

const text = (definition: unknown) => JSON.stringify(definition, null, 2);

function Host({ initial, onText }: { initial: string; onText: (text: string) => void }) {
  const [definition, setDefinition] = useState(initial);
  return (
    <ChatAppearanceSection
      workflowId="wf_1"
      workflowName="Support bot"
      savedVersion={1}
      definitionText={definition}
      onDefinitionTextChange={(next) => {
        setDefinition(next);
        onText(next);
      }}
      previewEnabled
    />
  );
}

function openSection(initial = text(defaultDefinition())) {
  mockApi({
    'POST /api/telemetry': () => json(204, null),
    'POST /api/workflows/wf_1/chatkit/session': () =>
      json(200, { token: 'jwt', expiresAt: new Date(Date.now() + 300_000).toISOString() }),
  });
  let latest = initial;
  render(<Host initial={initial} onText={(t) => (latest = t)} />);
  fireEvent.click(screen.getByText('Chat appearance'));
  const section = screen.getByTestId('appearance-section') as HTMLDetailsElement;
  section.open = true;
  fireEvent(section, new Event('toggle'));
  return { chatOf: () => (JSON.parse(latest) as { chat: Record<string, unknown> }).chat };
}

describe('chat appearance section', () => {
  it('writes each setting into definition.chat and drops emptied ones', async () => {
    const { chatOf } = openSection();
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Acme help' } });
    fireEvent.change(screen.getByLabelText('Message box placeholder'), { target: { value: 'Your order?' } });
    fireEvent.change(screen.getByLabelText('Disclaimer'), { target: { value: 'Answers may be wrong.' } });
    fireEvent.change(screen.getByLabelText('Colors'), { target: { value: 'dark' } });
    fireEvent.change(screen.getByLabelText('Accent color'), { target: { value: '#0f766e' } });
    fireEvent.change(screen.getByLabelText('Corners'), { target: { value: 'large' } });
    fireEvent.change(screen.getByLabelText('Spacing'), { target: { value: 'compact' } });
    expect(chatOf()).toEqual({
      ...defaultDefinition().chat,
      title: 'Acme help',
      placeholder: 'Your order?',
      disclaimer: 'Answers may be wrong.',
      theme: { colorScheme: 'dark', accentColor: '#0f766e', radius: 'large', density: 'compact' },
    });

    fireEvent.change(screen.getByLabelText('Title'), { target: { value: '' } });
    expect(chatOf()).not.toHaveProperty('title');
  });

  it('shows a wrong accent color in words, next to the field', () => {
    openSection();
    fireEvent.change(screen.getByLabelText('Accent color'), { target: { value: 'blue' } });
    expect(screen.getByTestId('accent-error').textContent).toBe(
      'Enter the color as # and 6 (or 3) hex digits, for example #2563eb, or pick one with the swatch.',
    );
    expect(screen.getByLabelText('Accent color').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Accent color'), { target: { value: '#abc' } });
    expect(screen.queryByTestId('accent-error')).toBeNull();
    expect((screen.getByLabelText('Pick the accent color') as HTMLInputElement).value).toBe('#aabbcc');
  });

  it('restyles the live preview as the settings change', async () => {
    openSection();
    await screen.findByTestId('workflow-chat');
    expect(chat.props).toMatchObject({ title: 'Support bot', theme: {} });
    fireEvent.change(screen.getByLabelText('Colors'), { target: { value: 'system' } });
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Acme help' } });
    expect(chat.props).toMatchObject({ title: 'Acme help', theme: { colorScheme: 'system' } });
  });

  it('asks for valid JSON before it can edit the settings', () => {
    openSection('{ "v": 1, ');
    expect(screen.getByTestId('appearance-unavailable').textContent).toContain('not valid JSON');
    expect(screen.queryByTestId('appearance-form')).toBeNull();
  });
});
