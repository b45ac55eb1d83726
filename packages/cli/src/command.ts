import type { Colors } from './output.js';
import type { Io } from './io.js';

/**
 * Every flag the CLI knows, with its help text; each command lists the ones it
 * accepts. `value` names the flag's argument (a flag without one is a switch).
 */
export interface OptionSpec {
  value?: string;
  short?: string;
  help: string;
}

const OPTION_SPECS = {
  'api-url': {
    value: 'url',
    help: 'server address (env WFCHAT_API_URL; default: the stored one, else http://localhost:3000)',
  },
  token: { value: 'token', help: 'API token (env WFCHAT_TOKEN; default: the stored one)' },
  json: { help: 'print the API payload as JSON (errors as {code, message, hint} on stderr)' },
  'token-stdin': { help: 'read the token from stdin' },
  yes: { short: 'y', help: 'do not ask for confirmation (required when stdin is not a terminal)' },
  'require-login': { help: 'visitors must sign in' },
  version: { value: 'n', help: 'a saved definition version (default: the latest)' },
  from: { value: 'file', help: 'a workflow file (JSON: name, description, definition)' },
  force: { help: 'overwrite changes saved on the server since the file was exported or pushed' },
  link: { value: 'shareUrl', help: 'chat as a visitor through a share link (…/chat/<id>#t=wfp_…)' },
  label: { value: 'label', help: 'a name for the link, e.g. the audience it is for' },
  embed: { help: 'a website embed (with --origin) instead of a link to share' },
  origin: {
    value: 'origins',
    help: 'the websites an embed may run on, comma-separated scheme://host[:port] (e.g. https://www.example.com)',
  },
  feedback: { value: 'kind', help: 'only conversations with positive or negative feedback' },
  search: { value: 'text', help: 'only conversations whose title or messages contain this text' },
  since: { value: 'date', help: 'from this UTC day on (YYYY-MM-DD)' },
  until: { value: 'date', help: 'up to and including this UTC day (YYYY-MM-DD)' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTION_SPECS;
export const OPTIONS: Record<OptionName, OptionSpec> = OPTION_SPECS;

export interface ParsedOptions {
  'api-url'?: string;
  token?: string;
  'token-stdin'?: boolean;
  json?: boolean;
  yes?: boolean;
  'require-login'?: boolean;
  version?: string;
  from?: string;
  force?: boolean;
  link?: string;
  label?: string;
  embed?: boolean;
  origin?: string;
  feedback?: string;
  search?: string;
  since?: string;
  until?: string;
}

/** Flags every command accepts. */
export const GLOBAL_OPTIONS = ['api-url', 'token', 'json'] as const satisfies OptionName[];

export interface CommandContext {
  io: Io;
  /** Positional arguments after the command's name (an optional one that was left out is absent). */
  args: string[];
  opts: ParsedOptions;
  json: boolean;
  /** Colours for stdout. */
  c: Colors;
}

export interface Command {
  /** e.g. `['workflow', 'publish']`. */
  name: string[];
  /** Positional arguments, for usage text and parsing: `<id>` required, `[id]` optional, `on|off` required. */
  usage: string;
  options: OptionName[];
  /** Those of `options` that must be given. */
  required?: OptionName[];
  summary: string;
  /** Longer help shown by `wfchat <command> --help` after the generated part. */
  details?: string;
  run(ctx: CommandContext): Promise<void>;
}
