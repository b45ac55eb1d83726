import { describe, expect, it } from 'vitest';
import { qrPath } from './QrCode.js';

/** Whether the module at (x, y) is drawn dark by the path. */
function darkModules(d: string): Set<string> {
  return new Set([...d.matchAll(/M(\d+) (\d+)/g)].map((m) => `${m[1]},${m[2]}`));
}

describe('qrPath', () => {
  it('draws a QR code with its three finder patterns in the right corners', () => {
    const url = `http://localhost:3000/chat/wf_abc#t=wfp_${'a'.repeat(43)}`;
    const { size, d } = qrPath(url);
    const dark = darkModules(d);
    // The 7x7 finder patterns: a dark ring with a light ring inside, at top-left, top-right and bottom-left only.
    const finderAt = (x0: number, y0: number) =>
      [0, 6].every((i) =>
        [0, 1, 2, 3, 4, 5, 6].every((j) => dark.has(`${x0 + i},${y0 + j}`) && dark.has(`${x0 + j},${y0 + i}`)),
      ) &&
      !dark.has(`${x0 + 1},${y0 + 1}`) &&
      dark.has(`${x0 + 3},${y0 + 3}`);
    expect(finderAt(0, 0)).toBe(true);
    expect(finderAt(size - 7, 0)).toBe(true);
    expect(finderAt(0, size - 7)).toBe(true);
    expect(finderAt(size - 7, size - 7)).toBe(false);
  });

  it('encodes the text: another link gives another code', () => {
    expect(qrPath('http://localhost/chat/a#t=1').d).not.toBe(qrPath('http://localhost/chat/a#t=2').d);
  });
});
