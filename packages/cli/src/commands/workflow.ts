import { ErrorCode, type TPublishRequest } from '@wfchat/contracts';
import { ApiError, type WfchatApiClient } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { usageError } from '../errors.js';
import { confirm, withProgress } from '../interaction.js';
import { printJson } from '../output.js';
import { requireClient } from '../settings.js';
import { audience, auditTable, ONCE_WARNING, secretBlock, workflowDetails, workflowTable } from './workflow-format.js';

function client(ctx: CommandContext): Promise<WfchatApiClient> {
  return requireClient(ctx.io, { apiUrl: ctx.opts['api-url'], token: ctx.opts.token });
}

/**
 * Before asking "are you sure?", load the workflow: the question names it, and a
 * wrong id or a state the action cannot apply to fails without a pointless prompt.
 */
async function confirmFor(
  ctx: CommandContext,
  api: WfchatApiClient,
  id: string,
  question: (name: string) => string,
  mustBePublished: boolean,
): Promise<void> {
  if (ctx.opts.yes) return;
  if (!ctx.io.stdin.isTTY) return confirm(ctx.io, '');
  const w = await api.getWorkflow(id);
  if (mustBePublished && !w.publish.isPublic) {
    throw new ApiError(409, ErrorCode.PublishNotPublished, 'the workflow is not published');
  }
  if (!mustBePublished && w.publish.isPublic) {
    throw new ApiError(409, ErrorCode.PublishAlreadyPublished, 'the workflow is already published');
  }
  await confirm(ctx.io, question(w.name));
}

function warnOnceInJson(ctx: CommandContext): void {
  ctx.io.stderr.write(`Warning: the publish token and share URL are in this output only. ${ONCE_WARNING}\n`);
}

const list: Command = {
  name: ['workflow', 'list'],
  usage: '',
  options: [],
  summary: 'List your workflows and whether they are published',
  async run(ctx) {
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Loading workflows…', () => api.listWorkflows());
    if (ctx.json) return printJson(ctx.io, res);
    if (res.data.length === 0) {
      ctx.io.stdout.write('No workflows yet: create one in the web app.\n');
      return;
    }
    ctx.io.stdout.write(workflowTable(res.data, ctx.c));
  },
};

const show: Command = {
  name: ['workflow', 'show'],
  usage: '<id>',
  options: [],
  summary: 'Show a workflow and its publish state (never the token)',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const api = await client(ctx);
    const w = await withProgress(ctx.io, 'Loading…', () => api.getWorkflow(id));
    if (ctx.json) return printJson(ctx.io, w);
    ctx.io.stdout.write(workflowDetails(w, ctx.c));
  },
};

const publish: Command = {
  name: ['workflow', 'publish'],
  usage: '<id>',
  options: ['require-login', 'version', 'yes'],
  summary: 'Publish a workflow: prints its share URL and publish token once (asks first unless --yes)',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const body: TPublishRequest = {};
    if (ctx.opts['require-login']) body.requireLogin = true;
    if (ctx.opts.version !== undefined) {
      if (!/^[1-9]\d*$/.test(ctx.opts.version))
        throw usageError(`--version must be a positive integer, not "${ctx.opts.version}"`);
      body.version = Number(ctx.opts.version);
    }
    const api = await client(ctx);
    await confirmFor(
      ctx,
      api,
      id,
      (name) =>
        `Publish "${name}"? ${body.requireLogin ? 'Signed-in visitors' : 'Anyone'} with the share link will be able to chat with it.`,
      false,
    );
    const res = await withProgress(ctx.io, 'Publishing…', () => api.publish(id, body));
    if (ctx.json) {
      printJson(ctx.io, res);
      return warnOnceInJson(ctx);
    }
    const w = res.workflow;
    ctx.io.stdout.write(
      `${ctx.c.green('✓')} Published "${w.name}" (version ${w.publish.publishedVersion}; ${audience(w)}).\n\n`,
    );
    ctx.io.stdout.write(secretBlock(res, ctx.c));
  },
};

const unpublish: Command = {
  name: ['workflow', 'unpublish'],
  usage: '<id>',
  options: ['yes'],
  summary: 'Unpublish a workflow: its share link stops working (asks first unless --yes)',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const api = await client(ctx);
    await confirmFor(ctx, api, id, (name) => `Unpublish "${name}"? Its share link stops working for everyone.`, true);
    const res = await withProgress(ctx.io, 'Unpublishing…', () => api.unpublish(id));
    if (ctx.json) return printJson(ctx.io, res);
    ctx.io.stdout.write(`${ctx.c.green('✓')} Unpublished "${res.workflow.name}". Its share link no longer works.\n`);
  },
};

const rotate: Command = {
  name: ['workflow', 'rotate-token'],
  usage: '<id>',
  options: ['yes'],
  summary: 'Replace the publish token: the old share link stops working; prints the new one once (asks unless --yes)',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const api = await client(ctx);
    await confirmFor(
      ctx,
      api,
      id,
      (name) => `Rotate the publish token of "${name}"? The current share link stops working at once.`,
      true,
    );
    const res = await withProgress(ctx.io, 'Rotating the token…', () => api.rotatePublishToken(id));
    if (ctx.json) {
      printJson(ctx.io, res);
      return warnOnceInJson(ctx);
    }
    ctx.io.stdout.write(
      `${ctx.c.green('✓')} Rotated the publish token of "${res.workflow.name}". The old link no longer works.\n\n`,
    );
    ctx.io.stdout.write(secretBlock(res, ctx.c));
  },
};

const setRequireLogin: Command = {
  name: ['workflow', 'set-require-login'],
  usage: '<id> on|off',
  options: [],
  summary: 'Require visitors of a published workflow to sign in (on) or not (off); the link stays the same',
  async run(ctx) {
    const [id, value] = ctx.args as [string, string];
    if (value !== 'on' && value !== 'off')
      throw usageError(`expected on or off, not "${value}"`, `e.g. \`wfchat workflow set-require-login ${id} on\``);
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Saving…', () => api.updatePublish(id, { requireLogin: value === 'on' }));
    if (ctx.json) return printJson(ctx.io, res);
    const w = res.workflow;
    ctx.io.stdout.write(
      w.publish.requireLogin
        ? `${ctx.c.green('✓')} Visitors of "${w.name}" must now sign in.\n`
        : `${ctx.c.green('✓')} Anyone with the link can now chat with "${w.name}" without signing in.\n`,
    );
  },
};

const audit: Command = {
  name: ['workflow', 'audit'],
  usage: '<id>',
  options: [],
  summary: 'List who published, rotated, unpublished or changed a workflow, and when',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const api = await client(ctx);
    const res = await withProgress(ctx.io, 'Loading…', () => api.audit(id));
    if (ctx.json) return printJson(ctx.io, res);
    if (res.data.length === 0) {
      ctx.io.stdout.write('No publishing events yet.\n');
      return;
    }
    ctx.io.stdout.write(auditTable(res.data, ctx.c));
  },
};

export const workflowCommands: Command[] = [list, show, publish, unpublish, rotate, setRequireLogin, audit];
