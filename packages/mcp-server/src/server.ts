import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError, NetworkError, type WfchatApiClient } from '@wfchat/cli/api-client';
import {
  ErrorCode,
  ZPublishRequest,
  ZPublishResponse,
  ZUpdatePublishRequest,
  ZWorkflow,
  ZWorkflowListResponse,
  ZWorkflowResponse,
  type TErrorBody,
} from '@wfchat/contracts';
import { z } from 'zod';

/** A tool argument, not an API payload: the id in `/api/workflows/:id`. */
const workflowId = z.string().trim().min(1).max(200).describe('The workflow id (from list_workflows).');

/** The tools' input schemas: the shared contracts' request schemas plus the workflow id. */
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
} as const;

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
      outputSchema: ZWorkflowListResponse,
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
      outputSchema: ZWorkflow,
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
      outputSchema: ZPublishResponse,
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
      outputSchema: ZWorkflowResponse,
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
      outputSchema: ZPublishResponse,
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
      outputSchema: ZWorkflowResponse,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ workflowId, requireLogin }) => run(() => api.updatePublish(workflowId, { requireLogin })),
  );

  return server;
}
