import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/config.schema.js';

export interface SigningKey {
  kid: string;
  secret: string;
}

export interface KeyMaterial {
  /** First key signs; every key verifies. */
  jwtKeys: SigningKey[];
  /** Signs short-lived cookies (OIDC state). */
  cookieSecret: string;
}

export const KEY_MATERIAL = Symbol('KEY_MATERIAL');

const FILE = 'keys.json';

/**
 * `CHAT_JWT_KEYS` when set (required for several instances that do not share
 * DATA_DIR); otherwise keys generated on first start and kept in DATA_DIR.
 */
export function loadKeyMaterial(config: AppConfig): KeyMaterial {
  if (config.chatJwt.keys?.length) {
    const first = config.chatJwt.keys[0]!;
    return {
      jwtKeys: config.chatJwt.keys,
      cookieSecret: createHmac('sha256', first.secret).update('wfchat-cookie-v1').digest('base64url'),
    };
  }
  const file = path.join(config.dataDir, FILE);
  if (fs.existsSync(file)) {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as KeyMaterial;
  }
  const material: KeyMaterial = {
    jwtKeys: [{ kid: `k${Date.now().toString(36)}`, secret: randomBytes(48).toString('base64url') }],
    cookieSecret: randomBytes(48).toString('base64url'),
  };
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(material, null, 2), { mode: 0o600 });
  return material;
}
