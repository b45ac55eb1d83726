import type { TCreateLinkRequest, TLink, TLinkTokenResponse } from '@wfchat/contracts';
import type { WfchatApiClient } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { usageError } from '../errors.js';
import { confirm, withProgress } from '../interaction.js';
import { keyValues, printJson, shortTime, table, type Colors } from '../output.js';
import { requireClient } from '../settings.js';
import { ONCE_WARNING } from './workflow-format.js';

function client(ctx: CommandContext): Promise<WfchatApiClient> {
  return requireClient(ctx.io, { apiUrl: ctx.opts['api-url'], token: ctx.opts.token });
}

function linkTable(links: TLink[], c: Colors): string {
  return table(
    ['ID', 'LABEL', 'KIND', 'TOKEN', 'CREATED', 'LAST USED', 'ORIGINS'],
    links.map((l) => [
      l.id,
      l.label,
      l.kind,
      `…${l.tokenHint}`,
      shortTime(l.createdAt),
      l.lastUsedAt ? shortTime(l.lastUsedAt) : c.dim('never'),
      l.allowedOrigins.join(', '),
    ]),
    c,
  );
}

/** The only place a link's token is printed, with the warning that goes with it. */
function linkSecret(res: TLinkTokenResponse, c: Colors): string {
  const pairs: [string, string][] = [
    ['Link', `${res.link.label} (${res.link.id})`],
    ['Share URL', c.cyan(res.shareUrl)],
    ['Publish token', res.publishToken],
  ];
  if (res.embedSnippet) pairs.push(['Embed snippet', res.embedSnippet]);
  return keyValues(pairs, c) + `\n${c.yellow('!')} ${ONCE_WARNING}\n`;
}

/** `--json` output that carries a token: the payload on stdout, the warning on stderr. */
function printSecretJson(ctx: CommandContext, res: TLinkTokenResponse): void {
  printJson(ctx.io, res);
  ctx.io.stderr.write(`Warning: the publish token and share URL are in this output only. ${ONCE_WARNING}\n`);
}

async function confirmFor(ctx: CommandContext, question: string): Promise<void> {
  if (!ctx.opts.yes) await confirm(ctx.io, question);
}

const list: Command = {
  name: ['link', 'list'],
  usage: '<id>',
  options: [],
  summary: "List a published workflow's share links and embeds (never their tokens)",
  async run(ctx) {
    const [id] = ctx.args as [string];
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Loading links…', () => api.listLinks(id));
    if (ctx.json) return printJson(ctx.io, res);
    if (res.data.length === 0) {
      ctx.io.stdout.write(
        `No links: the workflow is not published. Publish it with \`wfchat workflow publish ${id}\`.\n`,
      );
      return;
    }
    ctx.io.stdout.write(linkTable(res.data, ctx.c));
  },
};

const create: Command = {
  name: ['link', 'create'],
  usage: '<id>',
  options: ['label', 'embed', 'origin'],
  required: ['label'],
  summary: 'Add a share link (or with --embed, a website embed): prints its URL and token once',
  details:
    'Give each audience its own link, so that one can be replaced or deleted without breaking the others.\n' +
    'Example: wfchat link create wf_123 --label "Acme website" --embed --origin https://www.acme.example',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const origins = (ctx.opts.origin ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    if (ctx.opts.embed && origins.length === 0) {
      throw usageError('an embed needs the websites it may run on', 'add --origin https://www.example.com[,https://…]');
    }
    if (!ctx.opts.embed && origins.length > 0) throw usageError('--origin is for embeds', 'add --embed');
    const body: TCreateLinkRequest = ctx.opts.embed
      ? { label: ctx.opts.label!, kind: 'embed', allowedOrigins: origins }
      : { label: ctx.opts.label! };
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Creating the link…', () => api.createLink(id, body));
    if (ctx.json) return printSecretJson(ctx, res);
    ctx.io.stdout.write(
      `${ctx.c.green('✓')} Created ${res.link.kind === 'embed' ? 'the embed' : 'the link'} "${res.link.label}".\n\n`,
    );
    ctx.io.stdout.write(linkSecret(res, ctx.c));
  },
};

const rotate: Command = {
  name: ['link', 'rotate'],
  usage: '<id> <linkId>',
  options: ['yes'],
  summary:
    'Give a link a new token: chats opened with the old one stop at once; prints the new one once (asks unless --yes)',
  async run(ctx) {
    const [id, linkId] = ctx.args as [string, string];
    const api = await client(ctx);
    await confirmFor(ctx, `Replace the token of link ${linkId}? Everyone using the current one is cut off at once.`);
    const res = await withProgress(ctx.io, 'Rotating the link…', () => api.rotateLink(id, linkId));
    if (ctx.json) return printSecretJson(ctx, res);
    ctx.io.stdout.write(
      `${ctx.c.green('✓')} Replaced the token of "${res.link.label}". The old one no longer works.\n\n`,
    );
    ctx.io.stdout.write(linkSecret(res, ctx.c));
  },
};

const remove: Command = {
  name: ['link', 'delete'],
  usage: '<id> <linkId>',
  options: ['yes'],
  summary: 'Delete a link: chats opened with it stop at once; the other links keep working (asks unless --yes)',
  async run(ctx) {
    const [id, linkId] = ctx.args as [string, string];
    const api = await client(ctx);
    await confirmFor(ctx, `Delete link ${linkId}? Everyone using it is cut off at once.`);
    await withProgress(ctx.io, 'Deleting the link…', () => api.deleteLink(id, linkId));
    if (ctx.json) return printJson(ctx.io, { deleted: linkId });
    ctx.io.stdout.write(`${ctx.c.green('✓')} Deleted link ${linkId}. The workflow's other links keep working.\n`);
  },
};

export const linkCommands: Command[] = [list, create, rotate, remove];
