import { EXPORT_COLUMNS, type TExportRow } from '@wfchat/contracts';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvLine, jsonLine } from './export-format.js';

const row = (text: string | null): TExportRow => ({
  ...(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, 'x'])) as TExportRow),
  text,
});

describe('export lines', () => {
  it('CSV: quotes commas, quotes and newlines; empty for null', () => {
    expect(CSV_HEADER).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(csvLine(row('a, "b"\nc'))).toBe('x,x,x,x,x,x,x,x,"a, ""b""\nc",x\r\n');
    expect(csvLine(row(null))).toBe('x,x,x,x,x,x,x,x,,x\r\n');
  });

  it('CSV: a cell that a spreadsheet would evaluate is neutralised', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\t=1', '\r=1']) {
      const cell = csvLine(row(evil)).split(',x\r\n')[0]!.split('x,x,x,x,x,x,x,x,')[1]!;
      expect(cell.startsWith(`"'`)).toBe(true);
    }
    expect(csvLine(row('fine = ok'))).toContain(',fine = ok,');
  });

  it('JSONL: one JSON object per line, newlines in text escaped', () => {
    const line = jsonLine(row('two\nlines'));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line).text).toBe('two\nlines');
  });
});
