import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { safeEqual } from '../../common/crypto/tokens.js';
import { KEY_MATERIAL, type KeyMaterial } from '../keys/key-ring.js';

/** How long a preview URL works; every read of the conversation hands out fresh ones. */
export const PREVIEW_TTL_SECONDS = 3_600;

/**
 * Signed preview URLs: an `<img src>` cannot send the chat JWT, so the URL
 * itself proves that the server gave it to the attachment's owner (it only
 * ever goes out in answers to that owner). Keys derive from the chat JWT keys,
 * so every instance verifies what any other signed, and rotation carries over.
 */
@Injectable()
export class AttachmentSigner {
  private readonly keys: { kid: string; key: Buffer }[];

  constructor(@Inject(KEY_MATERIAL) material: KeyMaterial) {
    this.keys = material.jwtKeys.map((k) => ({
      kid: k.kid,
      key: createHmac('sha256', k.secret).update('wfchat-attachment-preview-v1').digest(),
    }));
  }

  /** `exp.kid.signature` for this attachment, valid until `now + ttl`. */
  sign(attachmentId: string, now = Date.now()): string {
    const exp = Math.floor(now / 1000) + PREVIEW_TTL_SECONDS;
    const { kid, key } = this.keys[0]!;
    return `${exp}.${kid}.${mac(key, attachmentId, exp)}`;
  }

  verify(attachmentId: string, token: string, now = Date.now()): boolean {
    const [expText, kid, signature] = token.split('.');
    const exp = Number(expText);
    if (!Number.isInteger(exp) || exp * 1000 < now || !signature) return false;
    const entry = this.keys.find((k) => k.kid === kid);
    return !!entry && safeEqual(mac(entry.key, attachmentId, exp), signature);
  }
}

const mac = (key: Buffer, id: string, exp: number) => createHmac('sha256', key).update(`${id}.${exp}`).digest('base64url');
