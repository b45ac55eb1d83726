import { ZFeedbackKind, type TConversationQuery, type TStatsQuery } from '@wfchat/contracts';
import type { WfchatApiClient } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { usageError } from '../errors.js';
import { withProgress } from '../interaction.js';
import { printJson } from '../output.js';
import { requireClient } from '../settings.js';
import { conversationTable, statsTable, usageLine } from './insights-format.js';

function client(ctx: CommandContext): Promise<WfchatApiClient> {
  return requireClient(ctx.io, { apiUrl: ctx.opts['api-url'], token: ctx.opts.token });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(flag: 'since' | 'until', value: string | undefined): string | undefined {
  if (value !== undefined && !DAY.test(value))
    throw usageError(`--${flag} must be a date as YYYY-MM-DD, not "${value}"`);
  return value;
}

const conversations: Command = {
  name: ['workflow', 'conversations'],
  usage: '<id>',
  options: ['feedback', 'search', 'since', 'until'],
  summary: 'List the latest visitor conversations of a published workflow (Canvas test chats are not included)',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const query: TConversationQuery = {};
    if (ctx.opts.feedback !== undefined) {
      const kind = ZFeedbackKind.safeParse(ctx.opts.feedback);
      if (!kind.success) throw usageError(`--feedback must be positive or negative, not "${ctx.opts.feedback}"`);
      query.feedback = kind.data;
    }
    if (ctx.opts.search !== undefined) query.q = ctx.opts.search;
    query.from = day('since', ctx.opts.since);
    query.to = day('until', ctx.opts.until);
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Loading conversations…', () => api.listConversations(id, query));
    if (ctx.json) return printJson(ctx.io, res);
    if (res.data.length === 0) {
      ctx.io.stdout.write('No conversations match.\n');
      return;
    }
    ctx.io.stdout.write(conversationTable(res.data, ctx.c));
    if (res.next)
      ctx.io.stdout.write(ctx.c.dim('Showing the latest page; narrow with --since/--until or use the API for more.\n'));
  },
};

const stats: Command = {
  name: ['workflow', 'stats'],
  usage: '<id>',
  options: ['since', 'until'],
  summary: 'Show per-day conversations, messages, feedback, errors, latency and LLM tokens (default: last 30 days)',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const query: TStatsQuery = { from: day('since', ctx.opts.since), to: day('until', ctx.opts.until) };
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Loading stats…', () => api.stats(id, query));
    if (ctx.json) return printJson(ctx.io, res);
    ctx.io.stdout.write(statsTable(res.days, ctx.c));
    ctx.io.stdout.write(usageLine(res.usage));
  },
};

export const insightsCommands: Command[] = [conversations, stats];
