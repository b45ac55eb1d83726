import type { TPublicAttachments, TWorkflowDefinition } from '@wfchat/contracts';
import type { AppConfig } from '../../config/config.schema.js';
import { acceptedTypes } from './attachment-types.js';

/** The limits of one workflow: the server's, narrowed by `definition.chat.attachments`. */
export interface AttachmentPolicy {
  types: string[];
  maxBytes: number;
  maxPerMessage: number;
}

/** The workflow's effective limits, or null when its chat takes no attachments (the default). */
export function attachmentPolicy(limits: AppConfig['attachments'], definition: TWorkflowDefinition): AttachmentPolicy | null {
  const settings = definition.chat.attachments;
  if (!settings?.enabled) return null;
  const types = acceptedTypes(limits.allowedTypes, settings.accept);
  if (!types.length) return null;
  const authorMax = settings.maxSizeMb ? Math.floor(settings.maxSizeMb * 1024 * 1024) : Infinity;
  return { types, maxBytes: Math.min(limits.maxFileBytes, authorMax), maxPerMessage: limits.maxPerMessage };
}

/** What the public page tells the chat element (absent when off). */
export function publicAttachmentSettings(
  limits: AppConfig['attachments'],
  definition: TWorkflowDefinition,
): TPublicAttachments | undefined {
  const policy = attachmentPolicy(limits, definition);
  return policy
    ? { enabled: true, accept: policy.types, maxSizeBytes: policy.maxBytes, maxFilesPerMessage: policy.maxPerMessage }
    : undefined;
}
