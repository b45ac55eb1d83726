import { createInterface } from 'node:readline/promises';
import { Readable, Writable } from 'node:stream';
import { CliError, CliErrorCode, ExitCode } from './errors.js';
import type { Io } from './io.js';

function readlineFor(io: Io, muted = false) {
  let mute = false;
  // Echo the prompt, then swallow what the user types when it is a secret.
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!mute) io.stderr.write(String(chunk));
      done();
    },
  });
  const rl = createInterface({ input: io.stdin as unknown as Readable, output, terminal: Boolean(io.stdin.isTTY) });
  return {
    async ask(question: string): Promise<string> {
      const pending = rl.question(question);
      mute = muted;
      try {
        return (await pending).trim();
      } finally {
        mute = false;
        if (muted) io.stderr.write('\n');
      }
    },
    close: () => rl.close(),
  };
}

/**
 * Asks "…? [y/N]" on a terminal. Without a terminal it never waits for an answer
 * nobody can give: it fails with exit 2 and tells the caller to pass --yes.
 */
export async function confirm(io: Io, question: string): Promise<void> {
  if (!io.stdin.isTTY) {
    throw new CliError(
      ExitCode.Usage,
      CliErrorCode.ConfirmationRequired,
      'this command needs confirmation and stdin is not a terminal',
      're-run with --yes to confirm',
    );
  }
  const rl = readlineFor(io);
  try {
    const answer = await rl.ask(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer)) {
      throw new CliError(ExitCode.Error, CliErrorCode.Aborted, 'aborted; nothing was changed');
    }
  } finally {
    rl.close();
  }
}

/** Asks for a value on a terminal; `secret` hides what is typed. */
export async function ask(io: Io, question: string, opts: { secret?: boolean } = {}): Promise<string> {
  const rl = readlineFor(io, opts.secret);
  try {
    return await rl.ask(question);
  } finally {
    rl.close();
  }
}

/** Reads all of stdin (for `--token-stdin`). */
export async function readAll(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += String(chunk);
  return text.trim();
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows "⠋ Publishing…" on stderr while `work` runs, only when stderr is a
 * terminal (never in pipes or logs), and clears the line afterwards.
 */
export async function withProgress<T>(io: Io, label: string, work: () => Promise<T>): Promise<T> {
  if (!io.stderr.isTTY) return work();
  let i = 0;
  const draw = () => io.stderr.write(`\r${FRAMES[i++ % FRAMES.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 80);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    io.stderr.write('\r\u001b[2K');
  }
}
