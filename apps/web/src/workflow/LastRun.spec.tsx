import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LastRun } from './LastRun.js';

describe('last run', () => {
  it('invites a test message before any run', () => {
    render(<LastRun runStatus={null} />);
    expect(screen.getByTestId('last-run').textContent).toContain('Send a message in the test chat');
  });

  it('lists every step with its status and duration, the failed one marked', () => {
    render(
      <LastRun
        runStatus={{
          ask: { status: 'done', durationMs: 3 },
          lookup: { status: 'failed', durationMs: 12 },
          other: { status: 'skipped' },
          answer: { status: 'running' },
        }}
      />,
    );
    const items = within(screen.getByTestId('last-run')).getAllByRole('listitem');
    expect(items.map((li) => [li.getAttribute('data-node-id'), li.getAttribute('data-status'), li.textContent])).toEqual([
      ['ask', 'done', 'ask done · 3 ms'],
      ['lookup', 'failed', 'lookup failed · 12 ms'],
      ['other', 'skipped', 'other skipped'],
      ['answer', 'running', 'answer running…'],
    ]);
    expect(items[1]!.querySelector('.error')).not.toBeNull();
  });
});
