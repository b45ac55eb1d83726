import type { TWorkflow } from '@wfchat/contracts';
import type { WorkflowRecord } from './workflows.repository.js';

export const chatPath = (workflowId: string) => `/chat/${encodeURIComponent(workflowId)}`;

/** The API shape of a workflow: never a token or a hash. */
export function toWorkflowDto(w: WorkflowRecord, publicBaseUrl: string): TWorkflow {
  const latest = w.versions[0];
  const first = w.isPublic ? w.links[0] : undefined;
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    version: w.version,
    latestVersion: latest?.number ?? 0,
    definition: (latest?.definition ?? {}) as Record<string, unknown>,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    publish: {
      isPublic: w.isPublic,
      requireLogin: w.requireLogin,
      publishedAt: w.publishedAt?.toISOString() ?? null,
      publishedBy: w.publishedBy ?? null,
      publishTokenRotatedAt: first?.rotatedAt?.toISOString() ?? null,
      publishedVersion: w.publishedVersion?.number ?? null,
      tokenHint: first?.tokenHint ?? null,
      shareUrl: w.isPublic ? `${publicBaseUrl}${chatPath(w.id)}` : null,
    },
  };
}
