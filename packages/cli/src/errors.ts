import { ErrorCode } from '@wfchat/contracts';
import { ApiError, NetworkError } from './api-client.js';
import { ConfigError } from './config-store.js';

/** The CLI's exit codes; scripts may branch on them. */
export const ExitCode = {
  Ok: 0,
  Error: 1,
  Usage: 2,
  NotFound: 3,
  Auth: 4,
  Conflict: 5,
  Network: 6,
  RateLimited: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Codes the CLI itself reports (the API's own codes pass through unchanged). */
export const CliErrorCode = {
  Usage: 'cli.usage',
  ConfirmationRequired: 'cli.confirmation_required',
  Aborted: 'cli.aborted',
  NotLoggedIn: 'cli.not_logged_in',
  Config: 'cli.config',
  File: 'cli.file',
} as const;

/** A problem in a workflow file, in words (`node "answer" (template), config.template`) and as a path. */
export interface FileIssue {
  where: string;
  path: string;
  message: string;
}

/** A failure the CLI reports as `Error: <message>` + `Hint: <hint>` and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    readonly hint?: string,
    /** Problems found in a workflow file; listed under the message, and in `--json` errors. */
    readonly issues?: FileIssue[],
  ) {
    super(message);
  }
}

export function usageError(message: string, hint = 'run `wfchat help` for the commands and flags'): CliError {
  return new CliError(ExitCode.Usage, CliErrorCode.Usage, message, hint);
}

/** What the command was doing, to make hints concrete. */
export interface ErrorContext {
  workflowId?: string;
  apiUrl?: string;
}

/** What to do when the server's copy moved on since a file was exported or pushed. */
export function versionConflictHint(id: string, file = '<file>'): string {
  return `someone saved this workflow after your file's version: get theirs with \`wfchat workflow export ${id} > theirs.json\`, merge it into ${file}, or re-run with --force to overwrite it`;
}

/** Turns anything thrown by a command into a CliError with an exit code and a hint. */
export function toCliError(err: unknown, ctx: ErrorContext = {}): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ConfigError) return new CliError(ExitCode.Error, CliErrorCode.Config, err.message);
  if (err instanceof NetworkError) {
    return new CliError(
      ExitCode.Network,
      err.code,
      err.message,
      `is the server running at ${err.apiUrl}? Check --api-url / WFCHAT_API_URL (or \`wfchat login\`)`,
    );
  }
  if (err instanceof ApiError) return fromApiError(err, ctx);
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(ExitCode.Error, ErrorCode.Internal, message);
}

function fromApiError(err: ApiError, ctx: ErrorContext): CliError {
  const id = ctx.workflowId ?? '<id>';
  const make = (exit: ExitCode, hint?: string) => new CliError(exit, err.code, err.message, hint);
  switch (err.code) {
    case ErrorCode.WorkflowNotFound:
      return make(ExitCode.NotFound, 'check the id with `wfchat workflow list` (you only see your own workflows)');
    case ErrorCode.LinkNotFound:
      return make(ExitCode.NotFound, `see the workflow's links with \`wfchat link list ${id}\``);
    case ErrorCode.WorkflowVersionNotFound:
      return make(ExitCode.NotFound, `see the latest saved version with \`wfchat workflow show ${id}\``);
    case ErrorCode.PublishNotPublished:
      return make(
        ExitCode.Conflict,
        `the workflow is not published; publish it with \`wfchat workflow publish ${id}\``,
      );
    case ErrorCode.PublishAlreadyPublished:
      return make(
        ExitCode.Conflict,
        `it is already published; get a new link with \`wfchat workflow rotate-token ${id}\` or change sign-in with \`wfchat workflow set-require-login ${id} on|off\``,
      );
    case ErrorCode.WorkflowVersionConflict:
      return make(ExitCode.Conflict, versionConflictHint(id));
    case ErrorCode.WorkflowInvalidDefinition:
      return new CliError(
        ExitCode.Usage,
        err.code,
        err.message,
        'check the file offline with `wfchat workflow validate <file>`',
      );
    case ErrorCode.PublishInvalidToken:
      return make(ExitCode.Auth, 'the link was replaced or unpublished: ask the owner for the current share link');
    case ErrorCode.AuthLoginRequired:
      return make(
        ExitCode.Auth,
        'this chat is for signed-in visitors; its owner can chat with `wfchat chat <id>` using an API token',
      );
    case ErrorCode.FeatureDisabled:
      return make(
        ExitCode.Auth,
        'this is turned off on this server (CHATKIT_PUBLISH_ENABLED: publishing and share links; CHATKIT_CANVAS_ENABLED: the owner chat)',
      );
    case ErrorCode.RateLimited: {
      const wait = err.retryAfterSeconds;
      const cli = new CliError(
        ExitCode.RateLimited,
        err.code,
        wait === undefined ? err.message : `${err.message} (retry in ${wait} s)`,
        wait === undefined ? 'wait a minute and try again' : `wait ${wait} s and try again`,
      );
      return cli;
    }
    case ErrorCode.RouteNotFound:
    case 'response.invalid':
    case 'response.redirect':
      return make(ExitCode.Error, 'check that --api-url / WFCHAT_API_URL is the address of a wfchat server');
  }
  if (err.status === 401 || err.status === 403) {
    return make(
      ExitCode.Auth,
      'your API token is invalid or revoked: run `wfchat login` with a new one (create one in the web app: Account → API tokens)',
    );
  }
  if (err.status === 404) return make(ExitCode.NotFound);
  if (err.status === 409) return make(ExitCode.Conflict, 'reload with `wfchat workflow show ' + id + '` and try again');
  if (err.status === 400 || err.status === 422) return make(ExitCode.Usage);
  if (err.status >= 500)
    return make(ExitCode.Error, 'the server failed; try again, and check its logs if it keeps failing');
  return make(ExitCode.Error);
}
