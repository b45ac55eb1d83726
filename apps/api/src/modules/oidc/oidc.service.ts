import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@wfchat/contracts';
import * as oidc from 'openid-client';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId } from '../../common/crypto/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { AuthService, toAuthUser } from '../auth/auth.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { OidcIdentitiesRepository } from './oidc-identities.repository.js';

/** What must survive the round trip to the identity provider, kept in a signed HttpOnly cookie. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

type Claims = { sub: string; email?: unknown; email_verified?: unknown; name?: unknown };

const failed = (message: string) => new AppError(400, ErrorCode.AuthOidcFailed, message);

/** Authorization code flow with PKCE, state and nonce; users linked by issuer + subject. */
@Injectable()
export class OidcService {
  private discovered?: Promise<oidc.Configuration>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly identities: OidcIdentitiesRepository,
    private readonly auth: AuthService,
  ) {}

  get enabled(): boolean {
    return this.config.oidc !== undefined;
  }

  get callbackUrl(): string {
    return `${this.config.publicBaseUrl}/api/auth/oidc/callback`;
  }

  private configuration(): Promise<oidc.Configuration> {
    const settings = this.config.oidc;
    if (!settings) throw new AppError(404, ErrorCode.AuthOidcDisabled, 'Single sign-on is not configured.');
    this.discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        // Plain-http issuers only make sense on a developer machine; production issuers are https.
        settings.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.discovered = undefined; // try again next time
        throw failed(`The identity provider could not be reached: ${(error as Error).message}`);
      });
    return this.discovered;
  }

  async start(returnTo: string): Promise<{ url: string; transaction: OidcTransaction }> {
    const configuration = await this.configuration();
    const transaction: OidcTransaction = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl,
      scope: 'openid email profile',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, transaction };
  }

  async finish(callbackQuery: string, transaction: OidcTransaction): Promise<AuthUser> {
    const configuration = await this.configuration();
    const current = new URL(`${this.callbackUrl}${callbackQuery}`);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw failed(`Sign-in with the identity provider failed: ${(error as Error).message}`);
    }
    const idToken = tokens.claims();
    if (!idToken) throw failed('The identity provider returned no ID token.');
    let claims: Claims = idToken;
    // Conformant providers keep profile claims out of the ID token; userinfo has them.
    if (typeof idToken.email !== 'string') {
      claims = await oidc
        .fetchUserInfo(configuration, tokens.access_token, idToken.sub)
        .catch((error: unknown) => {
          throw failed(`Could not read your profile from the identity provider: ${(error as Error).message}`);
        });
    }
    return this.linkUser(configuration.serverMetadata().issuer, claims);
  }

  private async linkUser(issuer: string, claims: Claims): Promise<AuthUser> {
    const known = await this.identities.findUser(issuer, claims.sub);
    if (known) return known;
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
    if (!email) throw failed('The identity provider did not share an email address.');
    const name = typeof claims.name === 'string' ? claims.name : null;
    const existing = await this.users.findByEmail(email);
    let user: AuthUser;
    if (existing) {
      // Only a provider-verified email may claim an existing local account.
      if (claims.email_verified !== true) {
        throw failed('An account with this email exists; the provider has not verified the email, so it cannot be linked.');
      }
      user = toAuthUser(existing);
    } else {
      if (!(await this.auth.signupAllowed())) {
        throw new AppError(403, ErrorCode.AuthSignupClosed, 'Sign-up is closed on this server. Ask an administrator.');
      }
      user = toAuthUser(await this.users.create({ id: newId('usr'), email, name, passwordHash: null }));
    }
    await this.identities.link({ id: newId('oid'), issuer, subject: claims.sub, userId: user.id });
    return user;
  }
}
