import { createInterface } from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { safeParseDefinition, type TThreadStreamEvent } from '@wfchat/contracts';
import { linkSession, ownerSession, parseShareLink, sendMessage, type ChatSession } from '../chat-client.js';
import type { Command, CommandContext } from '../command.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { withProgress } from '../interaction.js';
import { colorsFor } from '../output.js';
import { requireClient } from '../settings.js';

const greetingOf = (definition: Record<string, unknown>) => {
  const parsed = safeParseDefinition(definition);
  return parsed.success ? (parsed.data.chat.greeting ?? null) : null;
};

async function openSession(ctx: CommandContext): Promise<ChatSession> {
  const [id] = ctx.args;
  if (ctx.opts.link) {
    const link = parseShareLink(ctx.opts.link, ctx.opts['api-url']);
    if (id !== undefined && id !== link.workflowId) {
      throw usageError(`the link is for workflow ${link.workflowId}, not ${id}`, 'pass the id or the link, not both');
    }
    return linkSession(link, ctx.io.fetch);
  }
  if (id === undefined) {
    throw usageError(
      'missing <id> (or --link <shareUrl>)',
      'e.g. `wfchat chat <id>` or `wfchat chat --link <shareUrl>`',
    );
  }
  const api = await requireClient(ctx.io, { apiUrl: ctx.opts['api-url'], token: ctx.opts.token });
  return ownerSession(api, id, greetingOf);
}

/** Prints one turn's events: the answer streamed to stdout as it is written, the rest on stderr. */
function turnPrinter(ctx: CommandContext) {
  const err = colorsFor(ctx.io.stderr, ctx.io.env);
  const streamed = new Set<string>();
  let failed = false;
  return {
    get failed() {
      return failed;
    },
    print(event: TThreadStreamEvent): void {
      if (ctx.json) {
        ctx.io.stdout.write(`${JSON.stringify(event)}\n`);
        if (event.type === 'error') failed = true;
        return;
      }
      switch (event.type) {
        case 'thread.item.updated':
          if (event.update.type === 'assistant_message.content_part.text_delta') {
            streamed.add(event.item_id);
            ctx.io.stdout.write(event.update.delta);
          }
          break;
        case 'thread.item.done':
          if (event.item.type !== 'assistant_message') break;
          // A message that arrived whole (no deltas) is printed whole.
          if (!streamed.has(event.item.id)) ctx.io.stdout.write(event.item.content.map((p) => p.text).join(''));
          ctx.io.stdout.write('\n');
          break;
        case 'progress_update':
          if (ctx.io.stderr.isTTY) ctx.io.stderr.write(`${err.dim(`… ${event.text}`)}\n`);
          break;
        case 'notice':
          ctx.io.stderr.write(`${err.yellow('Notice:')} ${event.message}\n`);
          break;
        case 'error':
          failed = true;
          ctx.io.stderr.write(
            `${err.red('Error:')} ${event.message ?? 'the answer failed'} ${err.dim(`(${event.code})`)}\n`,
          );
          break;
      }
    },
  };
}

const chat: Command = {
  name: ['chat'],
  usage: '[id]',
  options: ['link'],
  summary: 'Chat with a workflow: each line you type (or pipe) is a message; the answer streams back',
  details: [
    'As the owner (`wfchat chat <id>`, with your API token) it runs the latest definition, like the Canvas chat.',
    'With `--link <shareUrl>` it chats as a visitor of the published workflow (no token needed).',
    'On a terminal it prompts; with piped stdin each line is a message and it exits at the end of input.',
    '`--json` prints every protocol event as one JSON line.',
  ].join('\n'),
  async run(ctx) {
    const session = await withProgress(ctx.io, 'Opening the chat…', () => openSession(ctx));
    const interactive = Boolean(ctx.io.stdin.isTTY);
    if (interactive && !ctx.json) {
      ctx.io.stderr.write(`${ctx.c.bold(session.name)} ${ctx.c.dim('(Ctrl-D to quit)')}\n`);
      if (session.greeting) ctx.io.stdout.write(`${session.greeting}\n`);
    }
    const prompt = new Writable({
      write(chunk, _enc, done) {
        ctx.io.stderr.write(String(chunk));
        done();
      },
    });
    const rl = createInterface({
      input: ctx.io.stdin as unknown as Readable,
      output: interactive ? prompt : undefined,
      terminal: interactive,
    });
    rl.setPrompt('> ');
    let threadId: string | undefined;
    let failures = 0;
    try {
      if (interactive) rl.prompt();
      for await (const line of rl) {
        const text = line.trim();
        if (text) {
          const printer = turnPrinter(ctx);
          for await (const event of sendMessage(session, threadId, text, ctx.io.fetch)) {
            if (event.type === 'thread.created') threadId = event.thread.id;
            printer.print(event);
          }
          if (printer.failed) failures += 1;
        }
        if (interactive) rl.prompt();
      }
    } finally {
      rl.close();
    }
    if (failures > 0) {
      throw new CliError(
        ExitCode.Error,
        'chat.turn_failed',
        `${failures} message${failures === 1 ? '' : 's'} got no answer`,
        'see the errors above; try again, or check the workflow in Canvas',
      );
    }
  },
};

export const chatCommands: Command[] = [chat];
