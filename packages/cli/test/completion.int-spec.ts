/** `wfchat completion`: the printed script, loaded into a real bash, completes commands and flags. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from './support/cli.js';

/** What bash offers after typing `line` and pressing Tab, with the script loaded as a user would. */
function complete(line: string): string[] {
  const words = line.split(' ');
  const script = `source <("${process.execPath}" "${CLI_BIN}" completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_wfchat; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('wfchat completion', () => {
  it('bash: completes commands, workflow subcommands, flags and on|off values', () => {
    expect(complete('wfchat ')).toEqual(['login', 'logout', 'workflow', 'link', 'chat', 'completion', 'help']);
    expect(complete('wfchat workflow p')).toEqual(['publish', 'push']);
    expect(complete('wfchat workflow publish abc --r')).toEqual(['--require-login']);
    expect(complete('wfchat --json workflow push --f')).toEqual(['--force']);
    expect(complete('wfchat workflow set-require-login abc o')).toEqual(['on', 'off']);
    expect(complete('wfchat chat --l')).toEqual(['--link']);
  });

  it('zsh: the same function through bashcompinit; an unknown shell is exit 2', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout.split('\n')[0]).toBe('#compdef wfchat');
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -o default -F _wfchat wfchat');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.code).toBe(2);
    expect(fish.stderr).toContain('expected bash or zsh');
  });

  it('generated help: every command has its own --help, exit 0', async () => {
    const r = await runCli(['workflow', 'push', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: wfchat workflow push [options] <file>');
    expect(r.stdout).toContain('--force');
    expect(r.stdout).toContain('--api-url <url>');
    const chat = await runCli(['help', 'chat']);
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('--link <shareUrl>');
  });
});
