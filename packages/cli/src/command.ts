import type { Colors } from './output.js';
import type { Io } from './io.js';

/** Every flag the CLI knows; each command lists the ones it accepts. */
export const OPTIONS = {
  'api-url': { type: 'string' },
  token: { type: 'string' },
  'token-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'require-login': { type: 'boolean' },
  version: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type OptionName = keyof typeof OPTIONS;

export interface ParsedOptions {
  'api-url'?: string;
  token?: string;
  'token-stdin'?: boolean;
  json?: boolean;
  yes?: boolean;
  'require-login'?: boolean;
  version?: string;
  help?: boolean;
}

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: OptionName[] = ['api-url', 'token', 'json', 'help'];

export interface CommandContext {
  io: Io;
  /** Positional arguments after the command's name. */
  args: string[];
  opts: ParsedOptions;
  json: boolean;
  /** Colours for stdout. */
  c: Colors;
}

export interface Command {
  /** e.g. `['workflow', 'publish']`. */
  name: string[];
  /** Positional arguments, for usage text: `<id>`, `on|off`. */
  usage: string;
  options: OptionName[];
  summary: string;
  run(ctx: CommandContext): Promise<void>;
}
