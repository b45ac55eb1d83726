import type { CliError } from './errors.js';
import type { Io, OutStream } from './io.js';

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorsFor(stream: OutStream, env: Io['env']): Colors {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR;
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    enabled: on,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

export interface Colors {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, '').length;

/** A plain text table: a header row and left-aligned columns separated by two spaces. */
export function table(headers: string[], rows: string[][], c: Colors): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return [c.bold(line(headers)), ...rows.map(line)].join('\n') + '\n';
}

/** `label: value` lines with the labels aligned. */
export function keyValues(pairs: [string, string][], c: Colors): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${c.dim(`${k}:`.padEnd(width + 1))} ${v}`).join('\n') + '\n';
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Human: `Error: …` and `Hint: …` on stderr. JSON: `{code, message, hint?}` on stderr. */
export function printError(io: Io, err: CliError, json: boolean): void {
  if (json) {
    const body = {
      code: err.code,
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.issues ? { issues: err.issues } : {}),
    };
    io.stderr.write(`${JSON.stringify(body)}\n`);
    return;
  }
  const c = colorsFor(io.stderr, io.env);
  io.stderr.write(`${c.red('Error:')} ${err.message} ${c.dim(`(${err.code})`)}\n`);
  for (const issue of err.issues ?? []) io.stderr.write(`  - ${issue.where}: ${issue.message}\n`);
  if (err.hint) io.stderr.write(`${c.yellow('Hint:')} ${err.hint}\n`);
}

/** "2025-01-31 14:05" in local time: short enough for a table. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
