import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, parseDefinition, type TWorkflow } from '@wfchat/contracts';
import { ApiError, type WfchatApiClient } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { CliError, CliErrorCode, ExitCode, usageError, versionConflictHint } from '../errors.js';
import { withProgress } from '../interaction.js';
import { printJson } from '../output.js';
import { requireClient } from '../settings.js';
import {
  checkWorkflowFile,
  describeDiff,
  diffWorkflows,
  fileFromWorkflow,
  isEmptyDiff,
  serializeWorkflowFile,
  type CheckedWorkflowFile,
  type TWorkflowFile,
  type WorkflowDiff,
} from '../workflow-file.js';

/** Workflow files are small; anything bigger is not one (and is not read into memory). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function client(ctx: CommandContext): Promise<WfchatApiClient> {
  return requireClient(ctx.io, { apiUrl: ctx.opts['api-url'], token: ctx.opts.token });
}

/** Reads and checks a workflow file; every problem is reported at once, in words (exit 2). */
export async function readWorkflowFile(file: string): Promise<CheckedWorkflowFile> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_FILE_BYTES) {
      throw new CliError(ExitCode.Usage, CliErrorCode.File, `${file} is larger than 2 MB; it is not a workflow file`);
    }
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      ExitCode.Usage,
      CliErrorCode.File,
      code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file}: ${(err as Error).message}`,
      code === 'ENOENT' ? 'get one with `wfchat workflow export <id> > workflow.json`' : undefined,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CliError(
      ExitCode.Usage,
      CliErrorCode.File,
      `${file} is not valid JSON: ${(err as Error).message}`,
      'workflow files are JSON (YAML is not read)',
    );
  }
  const checked = checkWorkflowFile(raw);
  if (checked.ok) return checked.value;
  const n = checked.issues.length;
  throw new CliError(
    ExitCode.Usage,
    checked.issues.every((i) => i.path.startsWith('definition'))
      ? ErrorCode.WorkflowInvalidDefinition
      : ErrorCode.RequestInvalid,
    `${file} is not a valid workflow: ${n} problem${n === 1 ? '' : 's'}`,
    'fix the places listed above; `wfchat workflow export <id>` shows a valid file',
    checked.issues,
  );
}

/** Replaces the file through a temporary one, so an interrupted write never leaves half a file. */
async function writeWorkflowFile(file: string, content: TWorkflowFile): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const mode = (await fs.stat(file)).mode & 0o777;
    await fs.writeFile(tmp, serializeWorkflowFile(content), { mode });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

function summaryOf(def: { nodes: unknown[]; edges: unknown[] }): string {
  return `${def.nodes.length} node${def.nodes.length === 1 ? '' : 's'}, ${def.edges.length} edge${def.edges.length === 1 ? '' : 's'}`;
}

const validate: Command = {
  name: ['workflow', 'validate'],
  usage: '<file>',
  options: [],
  summary: 'Check a workflow file offline with the same rules as the server; problems are named by node',
  details:
    'Exit 0 when valid; exit 2 with every problem listed (e.g. `node "reply" (reply), config.text: …`) otherwise.',
  async run(ctx) {
    const [file] = ctx.args as [string];
    const { file: content, definition } = await readWorkflowFile(file);
    if (ctx.json) {
      return printJson(ctx.io, {
        valid: true,
        name: content.name,
        ...(content.key ? { key: content.key } : {}),
        nodes: definition.nodes.length,
        edges: definition.edges.length,
      });
    }
    ctx.io.stdout.write(`${ctx.c.green('✓')} ${file} is valid: "${content.name}", ${summaryOf(definition)}.\n`);
  },
};

const create: Command = {
  name: ['workflow', 'create'],
  usage: '',
  options: ['from'],
  required: ['from'],
  summary: 'Create a new workflow from a file (name, description, definition); the file is not changed',
  details: 'To keep a file and a workflow in step, use `wfchat workflow push <file>` instead.',
  async run(ctx) {
    const file = ctx.opts.from!;
    const { file: content } = await readWorkflowFile(file);
    const api = await client(ctx);
    const w = await withProgress(ctx.io, 'Creating…', () =>
      api.createWorkflow({ name: content.name, description: content.description, definition: content.definition }),
    );
    if (ctx.json) return printJson(ctx.io, w);
    ctx.io.stdout.write(`${ctx.c.green('✓')} Created "${w.name}" (${w.id}, version ${w.version}).\n`);
  },
};

const exportCmd: Command = {
  name: ['workflow', 'export'],
  usage: '<id>',
  options: ['version'],
  summary: 'Print a workflow as a file (key, version, name, description, definition) for git and `push`',
  details:
    '`--version <n>` exports that saved definition instead of the latest. Example: `wfchat workflow export <id> > support.json`.',
  async run(ctx) {
    const [id] = ctx.args as [string];
    const number = ctx.opts.version === undefined ? undefined : positiveInt(ctx.opts.version);
    const api = await client(ctx);
    const file = await withProgress(ctx.io, 'Exporting…', async () => {
      const w = await api.getWorkflow(id);
      if (number === undefined) return fileFromWorkflow(w);
      return fileFromWorkflow(w, (await api.getWorkflowVersion(id, number)).definition);
    });
    // The file is JSON either way; --json changes nothing.
    ctx.io.stdout.write(serializeWorkflowFile(file));
  },
};

export interface PushResult {
  action: 'created' | 'updated' | 'unchanged';
  workflow: TWorkflow;
  /** What the push changed on the server; null when it created the workflow. */
  diff: WorkflowDiff | null;
}

const push: Command = {
  name: ['workflow', 'push'],
  usage: '<file>',
  options: ['force'],
  summary:
    'Create or update the workflow a file names (its "key"), refusing to overwrite newer changes; prints what changed',
  details: [
    'Without "key", creates the workflow and writes its id ("key") and "version" into the file: commit it.',
    'With "key", updates that workflow if the file\'s "version" is still the server\'s (exit 5 otherwise;',
    '--force overwrites), then writes the new "version" into the file.',
  ].join('\n'),
  async run(ctx) {
    const [file] = ctx.args as [string];
    const checked = await readWorkflowFile(file);
    const api = await client(ctx);
    const result = await withProgress(ctx.io, 'Pushing…', () => pushFile(api, file, checked, Boolean(ctx.opts.force)));
    const w = result.workflow;
    if (result.action !== 'unchanged' || checked.file.version !== w.version || checked.file.key !== w.id) {
      await writeWorkflowFile(file, { ...checked.file, key: w.id, version: w.version });
    }
    if (ctx.json) return printJson(ctx.io, result);
    const ok = ctx.c.green('✓');
    if (result.action === 'created') {
      ctx.io.stdout.write(`${ok} Created "${w.name}" (${w.id}, version ${w.version}).\n`);
      ctx.io.stdout.write(`  Wrote its key into ${file}: commit the file so later pushes update this workflow.\n`);
    } else if (result.action === 'unchanged') {
      ctx.io.stdout.write(`No changes: "${w.name}" (${w.id}) already matches ${file}.\n`);
    } else {
      ctx.io.stdout.write(`${ok} Updated "${w.name}" (${w.id}, version ${w.version}):\n`);
      for (const line of describeDiff(result.diff!)) ctx.io.stdout.write(`  ${line}\n`);
    }
  },
};

async function pushFile(
  api: WfchatApiClient,
  file: string,
  { file: content, definition }: CheckedWorkflowFile,
  force: boolean,
): Promise<PushResult> {
  const body = { name: content.name, description: content.description ?? '', definition: content.definition };
  if (!content.key) return { action: 'created', workflow: await api.createWorkflow(body), diff: null };

  const id = content.key;
  let current: TWorkflow;
  try {
    current = await api.getWorkflow(id);
  } catch (err) {
    if (err instanceof ApiError && err.code === ErrorCode.WorkflowNotFound) {
      throw new CliError(
        ExitCode.NotFound,
        err.code,
        `${file} names workflow ${id}, which does not exist (or is not yours)`,
        `remove "key" and "version" from ${file} to create a new workflow with \`wfchat workflow push ${file}\``,
      );
    }
    throw err;
  }
  const diff = diffWorkflows(
    { name: current.name, description: current.description, definition: parseDefinition(current.definition) },
    { name: body.name, description: body.description, definition },
  );
  if (isEmptyDiff(diff)) return { action: 'unchanged', workflow: current, diff };
  // The file's version is what its author last saw; without one, only a change between our read and write is refused.
  const version = force ? current.version : (content.version ?? current.version);
  try {
    return { action: 'updated', workflow: await api.updateWorkflow(id, { ...body, version }), diff };
  } catch (err) {
    if (err instanceof ApiError && err.code === ErrorCode.WorkflowVersionConflict) {
      throw new CliError(ExitCode.Conflict, err.code, err.message, versionConflictHint(id, file));
    }
    throw err;
  }
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw usageError(`--version must be a positive integer, not "${value}"`);
  return Number(value);
}

export const workflowFileCommands: Command[] = [create, exportCmd, push, validate];
