import { describe, expect, it } from 'vitest';
import { visitorLabel } from './visitor-label.js';

describe('visitorLabel', () => {
  it('shows a signed-in account by email, everyone else by a pseudonym without the raw id', () => {
    expect(visitorLabel('wf_1', 'usr_1', 'a@example.com')).toEqual({ kind: 'user', label: 'a@example.com' });
    const v = visitorLabel('wf_1', 'visitor:cookie-value-123', null);
    expect(v.kind).toBe('visitor');
    expect(v.label).toMatch(/^Visitor [0-9a-f]{8}$/);
    expect(v.label).not.toContain('cookie-value');
    const e = visitorLabel('wf_1', 'ext:someone@corp.example', null);
    expect(e.kind).toBe('external');
    expect(e.label).not.toContain('someone');
    expect(visitorLabel('wf_1', 'server:wf_1:uuid', null).kind).toBe('external');
  });

  it('is stable within a workflow and differs across workflows', () => {
    expect(visitorLabel('wf_1', 'visitor:a', null)).toEqual(visitorLabel('wf_1', 'visitor:a', null));
    expect(visitorLabel('wf_1', 'visitor:a', null).label).not.toBe(visitorLabel('wf_2', 'visitor:a', null).label);
    expect(visitorLabel('wf_1', 'visitor:a', null).label).not.toBe(visitorLabel('wf_1', 'visitor:b', null).label);
  });
});
