import { Injectable } from '@nestjs/common';
import { API_TOKEN_PREFIX, ErrorCode, type TApiToken, type TCreateApiTokenResponse } from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId, randomToken, sha256Hex, tokenHint } from '../../common/crypto/tokens.js';
import { Errors } from '../../common/errors/app-error.js';
import { ApiTokensRepository } from './api-tokens.repository.js';

/** `lastUsedAt` is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

type Row = { id: string; name: string; tokenHint: string; createdAt: Date; lastUsedAt: Date | null };
const toDto = (t: Row): TApiToken => ({
  id: t.id,
  name: t.name,
  tokenHint: t.tokenHint,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

/** Personal access tokens for the CLI and MCP: `wfa_` + 256 bits, stored as SHA-256, shown once. */
@Injectable()
export class ApiTokensService {
  constructor(private readonly tokens: ApiTokensRepository) {}

  async create(userId: string, name: string): Promise<TCreateApiTokenResponse> {
    const token = randomToken(API_TOKEN_PREFIX);
    const row = await this.tokens.create({
      id: newId('tok'),
      userId,
      name,
      tokenHash: sha256Hex(token),
      tokenHint: tokenHint(token),
    });
    return { ...toDto(row), token };
  }

  async list(userId: string): Promise<TApiToken[]> {
    return (await this.tokens.listActive(userId)).map(toDto);
  }

  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.tokens.revoke(userId, id))) {
      throw Errors.notFound(ErrorCode.ApiTokenNotFound, 'No such API token.');
    }
  }

  /** The token's owner, or null when the token is unknown or revoked. */
  async authenticate(token: string): Promise<AuthUser | null> {
    const row = await this.tokens.findActiveByHash(sha256Hex(token));
    if (!row) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.tokens.touch(row.id, now);
    }
    return row.user;
  }
}
