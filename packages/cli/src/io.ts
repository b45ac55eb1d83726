import type { Env } from './config-store.js';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface InStream extends AsyncIterable<unknown> {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Everything a command touches outside itself, so tests can run it in-process too. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Env;
  fetch?: typeof fetch;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
