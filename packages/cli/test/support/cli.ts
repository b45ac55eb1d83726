import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CLI_BIN = path.resolve(here, '../../dist/bin.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A throwaway HOME and config directory, so nothing of the developer's own setup leaks in. */
export function tempHome(): { home: string; configDir: string; cleanup(): void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-cli-home-'));
  return {
    home,
    configDir: path.join(home, 'cfg', 'wfchat'),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * Runs `node dist/bin.js …` with pipes (so stdin and stdout are not terminals)
 * and a clean environment: only PATH, HOME and what `env` adds.
 */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  if (!fs.existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`npm run build -w @wfchat/cli\``);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
