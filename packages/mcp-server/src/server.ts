import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError, NetworkError, type WfchatApiClient } from '@wfchat/cli/api-client';
import { checkDefinition } from '@wfchat/cli/workflow-file';
import {
  ErrorCode,
  ZCreateLinkRequest,
  ZConversationListResponse,
  ZConversationQuery,
  ZCreateWorkflowRequest,
  ZLinkListResponse,
  ZLinkTokenResponse,
  ZPublishRequest,
  ZPublishResponse,
  ZStatsResponse,
  ZUpdatePublishRequest,
  ZUpdateWorkflowRequest,
  ZWorkflow,
  ZWorkflowListResponse,
  ZWorkflowResponse,
  type TErrorBody,
} from '@wfchat/contracts';
import { z } from 'zod';

/** A tool argument, not an API payload: the id in `/api/workflows/:id`. */
const workflowId = z.string().trim().min(1).max(200).describe('The workflow id (from list_workflows).');
const linkId = z.string().trim().min(1).max(200).describe('The link id (from list_links).');

const definition = ZCreateWorkflowRequest.shape.definition
  .unwrap()
  .describe(
    'The workflow definition: {v: 1, chat: {greeting?, prompts?}, nodes: [{id, type, config}], edges: [{source, target, when?}]} (docs/concepts/workflows.md). Check it first with validate_workflow.',
  );

/** The tools' input schemas: the shared contracts' request schemas plus the workflow id. */
/**
 * A copy of a contracts schema without its OpenAPI component id: with the id,
 * its JSON Schema is a `$ref` at the top, and MCP clients require an object there.
 */
const toolOutput = <T extends z.ZodObject>(schema: T) => schema.extend({});

export const TOOL_INPUTS = {
  list_workflows: z.strictObject({}),
  show_workflow: z.strictObject({ workflowId }),
  publish_workflow: z.strictObject({
    workflowId,
    requireLogin: ZPublishRequest.shape.requireLogin.describe('Visitors must sign in to chat (default: false).'),
    version: ZPublishRequest.shape.version.describe('A saved definition version to pin (default: the latest).'),
  }),
  unpublish_workflow: z.strictObject({ workflowId }),
  rotate_publish_token: z.strictObject({ workflowId }),
  set_require_login: z.strictObject({
    workflowId,
    requireLogin: ZUpdatePublishRequest.shape.requireLogin
      .unwrap()
      .describe('true: visitors must sign in; false: anyone with the link.'),
  }),
  create_workflow: z.strictObject({
    name: ZCreateWorkflowRequest.shape.name.describe('The workflow name.'),
    description: ZCreateWorkflowRequest.shape.description.describe('What it is for (optional).'),
    definition: definition.optional().describe('The definition (default: a starter that echoes the message).'),
  }),
  update_workflow: z.strictObject({
    workflowId,
    version: ZUpdateWorkflowRequest.shape.version.describe(
      "The workflow's `version` as last read (show_workflow); a stale one fails with workflow.version_conflict.",
    ),
    name: ZUpdateWorkflowRequest.shape.name.describe('A new name (optional).'),
    description: ZUpdateWorkflowRequest.shape.description.describe('A new description (optional).'),
    definition: definition.optional().describe('A new definition (optional); saved as a new definition version.'),
  }),
  validate_workflow: z.strictObject({ definition }),
  list_links: z.strictObject({ workflowId }),
  create_link: z.strictObject({
    workflowId,
    label: ZCreateLinkRequest.shape.label.describe('A name for the link, e.g. the audience it is for ("Newsletter").'),
    kind: ZCreateLinkRequest.shape.kind.describe(
      '"link" (default): a URL to share. "embed": a script tag for a website, usable only from allowedOrigins.',
    ),
    allowedOrigins: ZCreateLinkRequest.shape.allowedOrigins.describe(
      'For an embed (required then): the websites it may run on, each exactly scheme://host[:port], e.g. "https://www.example.com".',
    ),
  }),
  rotate_link: z.strictObject({ workflowId, linkId }),
  delete_link: z.strictObject({ workflowId, linkId }),
  list_conversations: z.strictObject({
    workflowId,
    feedback: ZConversationQuery.shape.feedback.describe('Only conversations with this feedback (optional).'),
    q: ZConversationQuery.shape.q.describe('Only conversations whose title or messages contain this text (optional).'),
    from: ZConversationQuery.shape.from.describe('Started on or after this UTC day, YYYY-MM-DD (optional).'),
    to: ZConversationQuery.shape.to.describe('Started on or before this UTC day, YYYY-MM-DD (optional).'),
    limit: z.number().int().min(1).max(100).optional().describe('Page size, 1-100 (default 20).'),
    cursor: ZConversationQuery.shape.cursor.describe('`next` of the previous page (optional).'),
  }),
  workflow_stats: z.strictObject({
    workflowId,
    from: ZConversationQuery.shape.from.describe('First UTC day, YYYY-MM-DD (default: 29 days before `to`).'),
    to: ZConversationQuery.shape.to.describe('Last UTC day, YYYY-MM-DD (default: today).'),
  }),
} as const;

export const ZDeleteLinkResult = z.object({ deleted: z.string() });

export const ZValidateWorkflowResult = z.object({
  valid: z.boolean(),
  /** Each problem in words (`node "answer" (template), config.template`) and as a path into the input. */
  issues: z.array(z.object({ where: z.string(), path: z.string(), message: z.string() })),
});

/** The API's payload as text (for any client) and as structured content (checked against the contract). */
function ok(payload: object): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(payload, null, 2) }],
    structuredContent: payload as Record<string, unknown>,
  };
}

/** A tool error with the API's `{code, message}`. */
export function errorResult(err: unknown): CallToolResult {
  const body: TErrorBody =
    err instanceof ApiError || err instanceof NetworkError
      ? err.toBody()
      : { code: ErrorCode.Internal, message: err instanceof Error ? err.message : String(err) };
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] };
}

async function run(work: () => Promise<object>): Promise<CallToolResult> {
  try {
    return ok(await work());
  } catch (err) {
    return errorResult(err);
  }
}

const SECRET_NOTE =
  'The result carries publishToken and shareUrl (with the token): the only time they are returned. Hand the share URL to the user; do not store or log the token elsewhere.';

export function createServer(api: WfchatApiClient, version = '0.0.0'): McpServer {
  const server = new McpServer({ name: 'wfchat', version });

  server.registerTool(
    'list_workflows',
    {
      title: 'List workflows',
      description: "List the user's workflows with their publish state (never a publish token).",
      inputSchema: TOOL_INPUTS.list_workflows,
      outputSchema: toolOutput(ZWorkflowListResponse),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => run(() => api.listWorkflows()),
  );

  server.registerTool(
    'show_workflow',
    {
      title: 'Show a workflow',
      description: 'One workflow with its definition and publish state (never a publish token).',
      inputSchema: TOOL_INPUTS.show_workflow,
      outputSchema: toolOutput(ZWorkflow),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ workflowId }) => run(() => api.getWorkflow(workflowId)),
  );

  server.registerTool(
    'publish_workflow',
    {
      title: 'Publish a workflow',
      description: `Publish a workflow as a chat reachable by anyone with its share link (or only signed-in users with requireLogin). Fails with publish.already_published if it is published: use rotate_publish_token or set_require_login then. ${SECRET_NOTE}`,
      inputSchema: TOOL_INPUTS.publish_workflow,
      outputSchema: toolOutput(ZPublishResponse),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ workflowId, requireLogin, version }) =>
      run(() =>
        api.publish(workflowId, {
          ...(requireLogin !== undefined ? { requireLogin } : {}),
          ...(version !== undefined ? { version } : {}),
        }),
      ),
  );

  server.registerTool(
    'unpublish_workflow',
    {
      title: 'Unpublish a workflow',
      description:
        'Unpublish a workflow: its share link stops working for everyone at once. Fails with publish.not_published if it is not published.',
      inputSchema: TOOL_INPUTS.unpublish_workflow,
      outputSchema: toolOutput(ZWorkflowResponse),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ workflowId }) => run(() => api.unpublish(workflowId)),
  );

  server.registerTool(
    'rotate_publish_token',
    {
      title: 'Rotate the publish token',
      description: `Replace a published workflow's publish token: the old share link stops working at once. ${SECRET_NOTE}`,
      inputSchema: TOOL_INPUTS.rotate_publish_token,
      outputSchema: toolOutput(ZPublishResponse),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ workflowId }) => run(() => api.rotatePublishToken(workflowId)),
  );

  server.registerTool(
    'set_require_login',
    {
      title: 'Require sign-in (or not)',
      description:
        'Whether visitors of a published workflow must sign in. The share link stays the same. Fails with publish.not_published if it is not published.',
      inputSchema: TOOL_INPUTS.set_require_login,
      outputSchema: toolOutput(ZWorkflowResponse),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ workflowId, requireLogin }) => run(() => api.updatePublish(workflowId, { requireLogin })),
  );

  server.registerTool(
    'list_links',
    {
      title: 'List share links',
      description:
        "A published workflow's share links and website embeds: id, label, kind, token hint, allowed origins, created, last used, rotated (never a token).",
      inputSchema: TOOL_INPUTS.list_links,
      outputSchema: toolOutput(ZLinkListResponse),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ workflowId }) => run(() => api.listLinks(workflowId)),
  );

  server.registerTool(
    'create_link',
    {
      title: 'Create a share link or embed',
      description: `Add a share link to a published workflow, one per audience so each can be replaced or deleted alone; with kind "embed" and allowedOrigins, a website embed (the result has embedSnippet, the script tag to paste). Fails with publish.not_published if it is not published, request.invalid for an embed without valid origins. ${SECRET_NOTE}`,
      inputSchema: TOOL_INPUTS.create_link,
      outputSchema: toolOutput(ZLinkTokenResponse),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ workflowId, ...body }) => run(() => api.createLink(workflowId, body)),
  );

  server.registerTool(
    'rotate_link',
    {
      title: 'Rotate a share link',
      description: `Give one link a new token: chats opened with the old one are refused at their next message; the workflow's other links keep working. ${SECRET_NOTE}`,
      inputSchema: TOOL_INPUTS.rotate_link,
      outputSchema: toolOutput(ZLinkTokenResponse),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ workflowId, linkId }) => run(() => api.rotateLink(workflowId, linkId)),
  );

  server.registerTool(
    'delete_link',
    {
      title: 'Delete a share link',
      description:
        "Delete one link: chats opened with it are refused at their next message; the workflow's other links keep working. Fails with link.not_found for an unknown link.",
      inputSchema: TOOL_INPUTS.delete_link,
      outputSchema: toolOutput(ZDeleteLinkResult),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ workflowId, linkId }) =>
      run(async () => {
        await api.deleteLink(workflowId, linkId);
        return { deleted: linkId };
      }),
  );

  server.registerTool(
    'list_conversations',
    {
      title: 'List visitor conversations',
      description:
        'The visitor conversations of a workflow (public chats only, never Canvas tests), newest first, with a masked visitor label, message count and feedback counts. Page with `cursor` = the previous `next`.',
      inputSchema: TOOL_INPUTS.list_conversations,
      outputSchema: toolOutput(ZConversationListResponse),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ workflowId, ...query }) => run(() => api.listConversations(workflowId, query)),
  );

  server.registerTool(
    'workflow_stats',
    {
      title: 'Workflow analytics',
      description:
        "Per UTC day: conversations, visitor messages, distinct visitors, positive/negative feedback, in-band errors, time to first token p50/p95 and LLM tokens in/out; plus today's usage against the daily caps.",
      inputSchema: TOOL_INPUTS.workflow_stats,
      outputSchema: toolOutput(ZStatsResponse),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ workflowId, ...query }) => run(() => api.stats(workflowId, query)),
  );

  server.registerTool(
    'create_workflow',
    {
      title: 'Create a workflow',
      description:
        'Create a private workflow from a name, an optional description and an optional definition. Fails with workflow.invalid_definition (with issues) if the definition breaks a rule.',
      inputSchema: TOOL_INPUTS.create_workflow,
      outputSchema: toolOutput(ZWorkflow),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (input) => run(() => api.createWorkflow(input)),
  );

  server.registerTool(
    'update_workflow',
    {
      title: 'Update a workflow',
      description:
        "Change a workflow's name, description or definition. Pass the `version` read with show_workflow: if someone saved it since, it fails with workflow.version_conflict and changes nothing (read it again and reapply). A published workflow keeps running its pinned version.",
      inputSchema: TOOL_INPUTS.update_workflow,
      outputSchema: toolOutput(ZWorkflow),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ workflowId, ...body }) => run(() => api.updateWorkflow(workflowId, body)),
  );

  server.registerTool(
    'validate_workflow',
    {
      title: 'Validate a workflow definition',
      description:
        'Check a definition with the rules the server applies, without saving anything. Returns {valid, issues}; each issue names the node, edge or chat setting in words.',
      inputSchema: TOOL_INPUTS.validate_workflow,
      outputSchema: toolOutput(ZValidateWorkflowResult),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ definition }) => {
      const checked = checkDefinition(definition);
      const issues = checked.ok
        ? []
        : checked.issues.map((i) => ({ ...i, path: i.path ? `definition.${i.path}` : 'definition' }));
      return ok({ valid: checked.ok, issues });
    },
  );

  return server;
}
