import { Command as Commander, CommanderError, Help, Option } from 'commander';
import { GLOBAL_OPTIONS, OPTIONS, type Command, type OptionName, type ParsedOptions } from './command.js';
import { authCommands } from './commands/auth.js';
import { chatCommands } from './commands/chat.js';
import { completionCommand } from './commands/completion.js';
import { linkCommands } from './commands/link.js';
import { workflowFileCommands } from './commands/workflow-files.js';
import { insightsCommands } from './commands/insights.js';
import { workflowCommands } from './commands/workflow.js';
import { ExitCode, toCliError, usageError } from './errors.js';
import type { Io } from './io.js';
import { colorsFor, printError } from './output.js';

export const COMMANDS: Command[] = [
  ...authCommands,
  ...workflowCommands,
  ...linkCommands,
  ...insightsCommands,
  ...workflowFileCommands,
  ...chatCommands,
  completionCommand(() => COMMANDS),
];

function flagOf(name: OptionName): string {
  const o = OPTIONS[name];
  return `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` <${o.value}>` : ''}`;
}

/** `wfchat workflow publish <id> [--require-login] [--version <n>] [--yes]`: the line hints quote. */
export function commandLine(cmd: Command): string {
  return [
    'wfchat',
    ...cmd.name,
    cmd.usage,
    ...cmd.options.map((o) => {
      const flag = `--${o}${OPTIONS[o].value ? ` <${OPTIONS[o].value}>` : ''}`;
      return cmd.required?.includes(o) ? flag : `[${flag}]`;
    }),
  ]
    .filter(Boolean)
    .join(' ');
}

/** The overview `wfchat help` prints: every command with its arguments, then the flags and exit codes. */
export function helpText(): string {
  const lines = ['Usage: wfchat <command> [flags]', '', 'Commands:'];
  for (const cmd of COMMANDS) lines.push(`  ${commandLine(cmd)}`, `      ${cmd.summary}`);
  const flags: OptionName[] = [...GLOBAL_OPTIONS, ...(Object.keys(OPTIONS) as OptionName[])].filter(
    (o, i, all) => all.indexOf(o) === i,
  );
  const width = Math.max(...flags.map((f) => flagOf(f).length), '-h, --help'.length) + 2;
  lines.push('', 'Flags:', ...flags.map((f) => `  ${flagOf(f).padEnd(width)}${OPTIONS[f].help}`));
  lines.push(`  ${'-h, --help'.padEnd(width)}show help (\`wfchat <command> --help\` for one command)`);
  lines.push(
    '',
    'Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 not logged in / not permitted,',
    '            5 conflict (not published / already published / changed since), 6 network, 7 rate limited.',
    '',
  );
  return lines.join('\n');
}

/** Commander's `[options]` plus our positional spelling: `<id>` required, `[id]` optional, `on|off` required. */
function addArguments(sub: Commander, cmd: Command): void {
  for (const token of cmd.usage.split(' ').filter(Boolean)) {
    sub.argument(/^[<[]/.test(token) ? token : `<${token}>`);
  }
  sub.usage([cmd.options.length > 0 ? '[options]' : '', cmd.usage].filter(Boolean).join(' '));
}

function optionFor(name: OptionName): Option {
  return new Option(flagOf(name), OPTIONS[name].help);
}

/** Commander stores `--api-url` as `apiUrl`; commands read the flags by their own names. */
function toParsed(values: Record<string, unknown>): ParsedOptions {
  const parsed: Record<string, unknown> = {};
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const value = values[optionFor(name).attributeName()];
    if (value !== undefined) parsed[name] = value;
  }
  return parsed as ParsedOptions;
}

/** Commander's parse errors become our usage errors (exit 2); help and version pass through. */
function usageFrom(err: CommanderError, cmd?: Command): never {
  if (err.code.startsWith('commander.help') || err.code === 'commander.version') throw err;
  const message = err.message.replace(/^error: /, '');
  throw cmd ? usageError(message, `usage: ${commandLine(cmd)}`) : usageError(message);
}

function buildProgram(io: Io): Commander {
  const width = () => (io.stdout as { columns?: number }).columns ?? 100;
  const program: Commander = new Commander('wfchat')
    .usage('<command> [flags]')
    .description('Publish a workflow as a chat, keep workflows as files, and chat with them from a terminal.')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Help asked for by mistake (`wfchat`, `wfchat workflow`) goes where help goes: stdout.
      writeErr: (s) => io.stdout.write(s),
      outputError: () => undefined,
      getOutHelpWidth: width,
      getErrHelpWidth: width,
    })
    .configureHelp({
      showGlobalOptions: true,
      formatHelp: (cmd: Commander, helper: Help): string =>
        cmd === program ? helpText() : Help.prototype.formatHelp.call(helper, cmd, helper),
    })
    .exitOverride((err: CommanderError) => usageFrom(err))
    .helpCommand('help [command]', 'show help for a command');
  for (const name of GLOBAL_OPTIONS) program.addOption(optionFor(name));

  const groups = new Map<string, Commander>();
  for (const cmd of COMMANDS) {
    let parent = program;
    for (const part of cmd.name.slice(0, -1)) {
      let group: Commander | undefined = groups.get(part);
      if (!group) {
        group = parent.command(part).description(`${part} commands`).usage('<command> [flags]');
        groups.set(part, group);
      }
      parent = group;
    }
    const sub = parent
      .command(cmd.name.at(-1)!)
      .summary(cmd.summary)
      .description(cmd.details ? `${cmd.summary}\n\n${cmd.details}` : cmd.summary)
      .exitOverride((err) => usageFrom(err, cmd));
    addArguments(sub, cmd);
    for (const name of cmd.options)
      sub.addOption(optionFor(name).makeOptionMandatory(Boolean(cmd.required?.includes(name))));
    sub.action(async (...params: unknown[]) => {
      const self = params.at(-1) as Commander;
      const args = (self.processedArgs as (string | undefined)[]).filter((a): a is string => a !== undefined);
      const empty = args.findIndex((a) => a.trim() === '');
      if (empty !== -1) {
        throw usageError(
          `missing ${self.registeredArguments[empty]?.name() ?? 'argument'}`,
          `usage: ${commandLine(cmd)}`,
        );
      }
      const opts = toParsed(self.optsWithGlobals());
      await cmd.run({ io, args, opts, json: Boolean(opts.json), c: colorsFor(io.stdout, io.env) });
    });
  }
  return program;
}

/** Runs one CLI invocation and returns its exit code (it never calls process.exit). */
export async function main(argv: string[], io: Io): Promise<number> {
  const json = argv.includes('--json');
  try {
    const program = buildProgram(io);
    if (argv.length === 0) {
      io.stdout.write(helpText());
      return ExitCode.Usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (err) {
    // Help someone asked for is a success; help shown because a command was incomplete is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    const cli = toCliError(err, { workflowId: workflowIdFrom(argv) });
    printError(io, cli, json);
    return cli.exitCode;
  }
}

const VALUE_FLAGS = (Object.keys(OPTIONS) as OptionName[]).filter((o) => OPTIONS[o].value).map((o) => `--${o}`);

/** The `<id>` of `wfchat workflow|link <cmd> <id>`, for hints. */
function workflowIdFrom(argv: string[]): string | undefined {
  const positionals = argv.filter((a, i) => !a.startsWith('-') && !VALUE_FLAGS.includes(argv[i - 1] ?? ''));
  return positionals[0] === 'workflow' || positionals[0] === 'link' ? positionals[2] : undefined;
}
