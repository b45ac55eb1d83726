import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { securitySchemes } from '../../common/openapi/openapi.kit.js';
import { apiTokensPaths } from '../api-tokens/api-tokens.openapi.js';
import { attachmentsPaths } from '../attachments/attachments.openapi.js';
import { authPaths } from '../auth/auth.openapi.js';
import { chatAccessPaths } from '../chat-access/chat-access.openapi.js';
import { chatkitPaths } from '../chatkit/chatkit.openapi.js';
import { clientConfigPaths } from '../client-config/client-config.openapi.js';
import { healthPaths } from '../health/health.openapi.js';
import { insightsPaths } from '../insights/insights.openapi.js';
import { metricsPaths } from '../metrics/metrics.openapi.js';
import { oidcPaths } from '../oidc/oidc.openapi.js';
import { publishingPaths } from '../publishing/publishing.openapi.js';
import { shareLinksPaths } from '../publishing/share-links.openapi.js';
import { workflowsPaths } from '../workflows/workflows.openapi.js';
import { apiDocsPaths } from './api-docs.openapi.js';

/** Every feature's routes; a feature that adds routes adds its `<feature>.openapi.ts` here. */
const featurePaths: ZodOpenApiPathsObject[] = [
  authPaths,
  oidcPaths,
  apiTokensPaths,
  workflowsPaths,
  publishingPaths,
  shareLinksPaths,
  insightsPaths,
  chatAccessPaths,
  chatkitPaths,
  attachmentsPaths,
  clientConfigPaths,
  healthPaths,
  metricsPaths,
  apiDocsPaths,
];

const description = `Publish a workflow as a chat.

Errors are JSON \`{code, message}\` (validation errors add \`issues\`); clients branch on the stable \`code\`,
never on the message. Each operation lists the codes it can answer. Outages of the database or Redis answer
503 \`service.unavailable\` with \`Retry-After\`; rate limits answer 429 \`rate_limited\` with \`Retry-After\`.

Request bodies are JSON only (415 otherwise) and at most 1 MiB (413). A state-changing request that is not
Bearer-authenticated must come from this site (\`Origin\` or \`Sec-Fetch-Site\`), or it is refused with 403
\`auth.csrf_rejected\`: scripts and servers use an API token (\`Authorization: Bearer wfa_…\`).

Chat: exchange a share link's publish token for a chat JWT (\`POST /api/public/workflows/{id}/session\`), then
speak the ChatKit protocol to \`POST /api/chatkit\` with \`Authorization: Bearer <JWT>\`.`;

export type OpenApiDocument = ReturnType<typeof createDocument>;

/**
 * The OpenAPI 3.1 document of the API, built from the zod contracts. It does
 * not depend on configuration (paths carry the `/api` prefix, no server URL),
 * so the committed `docs/openapi.json` is exactly what every server serves.
 */
export function createApiDocument(): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const group of featurePaths) {
    for (const [path, item] of Object.entries(group)) {
      if (paths[path]) throw new Error(`OpenAPI: ${path} is described twice`);
      paths[path] = item;
    }
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'wfchat API', version: '1', description },
    tags: [
      { name: 'Auth', description: 'Accounts and sign-in.' },
      { name: 'API tokens', description: 'Personal tokens for the CLI, the MCP server and scripts.' },
      { name: 'Workflows', description: 'Your workflows and their saved versions (owner only).' },
      {
        name: 'Publishing',
        description: 'Publish, share links and embeds, daily caps, unpublish, audit (owner only).',
      },
      { name: 'Insights', description: 'Visitors’ conversations and usage of a published workflow (owner only).' },
      { name: 'Chat sessions', description: 'Chat JWTs for the ChatKit endpoint.' },
      { name: 'ChatKit', description: 'The ChatKit protocol.' },
      { name: 'App', description: 'What the web app reads and reports.' },
      { name: 'Operations', description: 'Health, readiness, metrics, this document.' },
    ],
    paths,
    // Named schemas come from the contracts' `.meta({ id })`.
    components: { securitySchemes },
  });
}

/** The document as committed and served: two-space JSON and a final newline. */
export function serializeApiDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
