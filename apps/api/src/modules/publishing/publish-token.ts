import { createHmac } from 'node:crypto';
import { PUBLISH_TOKEN_PREFIX } from '@wfchat/contracts';
import { randomToken, sha256Hex } from '../../common/crypto/tokens.js';

/** `wfp_` + 256 random bits. */
export const newPublishToken = () => randomToken(PUBLISH_TOKEN_PREFIX);

/** SHA-256 hex, or HMAC-SHA-256 with the server pepper when one is configured. */
export function hashPublishToken(token: string, pepper: string | undefined): string {
  return pepper ? createHmac('sha256', pepper).update(token).digest('hex') : sha256Hex(token);
}

export const maskHint = (hint: string | null | undefined) => (hint ? `…${hint}` : null);
