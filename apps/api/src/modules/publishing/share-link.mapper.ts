import type { TLink, TLinkKind } from '@wfchat/contracts';
import type { ShareLinkRecord } from './share-links.repository.js';

/** The API shape of a link: never its token or hash. */
export const toLinkDto = (l: ShareLinkRecord): TLink => ({
  id: l.id,
  label: l.label,
  kind: l.kind as TLinkKind,
  tokenHint: l.tokenHint,
  allowedOrigins: l.allowedOrigins,
  createdAt: l.createdAt.toISOString(),
  lastUsedAt: l.lastUsedAt?.toISOString() ?? null,
  rotatedAt: l.rotatedAt?.toISOString() ?? null,
});
