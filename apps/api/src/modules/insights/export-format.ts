import { EXPORT_COLUMNS, type TExportRow } from '@wfchat/contracts';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return before one) is prefixed with `'`, so opening an export can
 * never execute a visitor's text (CSV injection).
 */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = `${EXPORT_COLUMNS.join(',')}\r\n`;

export const csvLine = (row: TExportRow) => `${EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;

export const jsonLine = (row: TExportRow) => `${JSON.stringify(row)}\n`;
