import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { CHAT_JWT_AUDIENCE, ErrorCode, type TChatMode, type TChatTokenClaims, type TLinkClaim } from '@wfchat/contracts';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { KEY_MATERIAL, type KeyMaterial } from '../keys/key-ring.js';

/** The only algorithm we sign with and the only one we accept (no `none`, no RS/HS confusion). */
const ALGORITHM = 'HS256';

/** Verified tokens remembered (a visitor sends the same token with every message for its lifetime). */
const MAX_VERIFIED = 10_000;

const expired = () => new AppError(401, ErrorCode.AuthTokenExpired, 'The chat token has expired; get a new one.');
const invalid = (message = 'The chat token is invalid.') => new AppError(401, ErrorCode.AuthInvalidToken, message);

export interface ChatTokenInput {
  sub: string;
  wf: string;
  mode: TChatMode;
  ver: number;
  gen?: number;
  lnk?: TLinkClaim;
}

/** Short-lived chat JWTs: the first key of the ring signs (with its `kid`), every key verifies. */
@Injectable()
export class ChatTokensService {
  /**
   * Key objects built once: given a string, jsonwebtoken builds one on every
   * call, which was an eighth of a chat request's CPU time.
   */
  private readonly keyObjects: Map<string, KeyObject>;
  /**
   * Claims of tokens whose signature and claims were checked, by the exact
   * token string: the key ring is fixed for the life of the process, so only
   * the expiry has to be checked again.
   */
  private readonly verified = new Map<string, TChatTokenClaims>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(KEY_MATERIAL) private readonly keys: KeyMaterial,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keyObjects = new Map(keys.jwtKeys.map((k) => [k.kid, createSecretKey(Buffer.from(k.secret, 'utf8'))]));
  }

  sign(input: ChatTokenInput): { token: string; expiresAt: string } {
    const signing = this.keys.jwtKeys[0]!;
    const ttl = this.config.chatJwt.ttlSeconds;
    const token = this.jwt.sign(
      {
        wf: input.wf,
        mode: input.mode,
        ver: input.ver,
        ...(input.gen !== undefined ? { gen: input.gen } : {}),
        ...(input.lnk !== undefined ? { lnk: { id: input.lnk.id, gen: input.lnk.gen } } : {}),
      },
      {
        privateKey: this.keyObjects.get(signing.kid),
        algorithm: ALGORITHM,
        keyid: signing.kid,
        expiresIn: ttl,
        issuer: this.config.publicBaseUrl,
        audience: CHAT_JWT_AUDIENCE,
        subject: input.sub,
        jwtid: randomUUID(),
      },
    );
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Verified claims, or a 401 with `auth.invalid_token` / `auth.token_expired`. */
  verify(token: string): TChatTokenClaims {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() / 1000 < known.exp) return known;
      this.verified.delete(token);
      throw expired();
    }
    const claims = this.verifyFully(token);
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private verifyFully(token: string): TChatTokenClaims {
    const decoded = this.jwt.decode<{ header?: { alg?: string; kid?: string } } | null>(token, { complete: true });
    const header = decoded?.header;
    if (!header || header.alg !== ALGORITHM) throw invalid();
    const key = header.kid ? this.keyObjects.get(header.kid) : undefined;
    if (!key) throw invalid('The chat token was signed with an unknown key.');
    let claims: TChatTokenClaims;
    try {
      claims = this.jwt.verify<TChatTokenClaims>(token, {
        // The typings say string | Buffer; jsonwebtoken takes a KeyObject too.
        publicKey: key as unknown as Buffer,
        algorithms: [ALGORITHM],
        audience: CHAT_JWT_AUDIENCE,
        issuer: this.config.publicBaseUrl,
      });
    } catch (error) {
      if ((error as Error)?.name === 'TokenExpiredError') throw expired();
      throw invalid();
    }
    const wellFormed =
      typeof claims.wf === 'string' &&
      claims.wf.length > 0 &&
      typeof claims.sub === 'string' &&
      (claims.mode === 'canvas' || (claims.mode === 'public' && Number.isInteger(claims.gen))) &&
      Number.isInteger(claims.ver) &&
      (claims.lnk === undefined || (typeof claims.lnk?.id === 'string' && Number.isInteger(claims.lnk.gen))) &&
      typeof claims.exp === 'number' &&
      typeof claims.jti === 'string';
    if (!wellFormed) throw invalid();
    return claims;
  }
}
