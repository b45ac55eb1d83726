import { z } from 'zod';
import { ZUser } from './auth.js';

/** Stored and returned definitions are JSON objects; their rules live in definition.ts. */
const ZDefinitionInput = z.record(z.string(), z.unknown());

export const ZCreateWorkflowRequest = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  description: z.string().max(2_000).optional(),
  definition: ZDefinitionInput.optional(),
});
export type TCreateWorkflowRequest = z.infer<typeof ZCreateWorkflowRequest>;

export const ZUpdateWorkflowRequest = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
  description: z.string().max(2_000).optional(),
  definition: ZDefinitionInput.optional(),
  /** The `version` the client last saw; a stale one gets 409 `workflow.version_conflict`. */
  version: z.number().int().positive(),
});
export type TUpdateWorkflowRequest = z.infer<typeof ZUpdateWorkflowRequest>;

export const ZPublishState = z
  .object({
    isPublic: z.boolean(),
    requireLogin: z.boolean(),
    publishedAt: z.string().nullable(),
    publishedBy: ZUser.nullable(),
    publishTokenRotatedAt: z.string().nullable(),
    /** The pinned definition version visitors run (a `WorkflowVersion.number`). */
    publishedVersion: z.number().int().nullable(),
    /** Last four characters of the publish token, for recognising a link. */
    tokenHint: z.string().nullable(),
    /** `/chat/<id>` without the token (the token is only ever in the publish/rotate response). */
    shareUrl: z.string().nullable(),
  })
  .meta({ id: 'PublishState' });
export type TPublishState = z.infer<typeof ZPublishState>;

export const ZWorkflow = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    /** Optimistic-locking counter: send it back with PATCH. */
    version: z.number().int(),
    /** Number of the latest saved definition (what Canvas runs). */
    latestVersion: z.number().int(),
    definition: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    publish: ZPublishState,
  })
  .meta({ id: 'Workflow' });
export type TWorkflow = z.infer<typeof ZWorkflow>;

export const ZWorkflowListResponse = z.object({ data: z.array(ZWorkflow) });
export type TWorkflowListResponse = z.infer<typeof ZWorkflowListResponse>;

export const ZWorkflowVersion = z.object({
  number: z.number().int(),
  createdAt: z.string(),
  definition: z.record(z.string(), z.unknown()),
});
export type TWorkflowVersion = z.infer<typeof ZWorkflowVersion>;

export const ZWorkflowVersionListResponse = z.object({
  data: z.array(ZWorkflowVersion.omit({ definition: true })),
});
export type TWorkflowVersionListResponse = z.infer<typeof ZWorkflowVersionListResponse>;
