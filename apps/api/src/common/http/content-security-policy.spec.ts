import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.js';

const base = { domainKey: undefined, publishEnabled: true, canvasEnabled: true };

describe('contentSecurityPolicy', () => {
  it('allows only this origin with the built-in chat element', () => {
    const csp = contentSecurityPolicy({ ...base, element: 'builtin' });
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
  });

  it("adds OpenAI's CDN for scripts and its iframe only with the hosted element", () => {
    const csp = contentSecurityPolicy({ ...base, element: 'openai', domainKey: 'dk' });
    expect(csp).toContain("script-src 'self' https://cdn.platform.openai.com;");
    expect(csp).toContain('frame-src https://cdn.platform.openai.com;');
  });
});
