import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type TAuthProvidersResponse, type TLoginRequest, type TSignupRequest } from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId } from '../../common/crypto/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { clientIpKey } from '../rate-limit/client-ip-key.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { PasswordHasher } from './password.hasher.js';
import { UsersRepository, type UserRecord } from './users.repository.js';

const FIFTEEN_MIN_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export const toAuthUser = (u: UserRecord): AuthUser => ({ id: u.id, email: u.email, name: u.name });

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly rateLimit: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first user may always sign up; later ones only while ALLOW_SIGNUP is on. */
  async signupAllowed(): Promise<boolean> {
    return this.config.allowSignup || (await this.users.count()) === 0;
  }

  /** How one can sign in here: what the sign-in page shows. */
  async providers(): Promise<TAuthProvidersResponse> {
    return {
      signupAllowed: await this.signupAllowed(),
      oidc: this.config.oidc ? { name: this.config.oidc.name } : null,
    };
  }

  async signup(input: TSignupRequest, ip: string): Promise<AuthUser> {
    // Every attempt counts, refused ones included: it bounds hashing and email probing too.
    await this.rateLimit.consume(
      'signup',
      clientIpKey(ip),
      this.config.rateLimits.signupPerHour,
      HOUR_MS,
      'Too many sign-ups from this network. Try again later.',
    );
    if (!(await this.signupAllowed())) {
      throw new AppError(403, ErrorCode.AuthSignupClosed, 'Sign-up is closed on this server. Ask an administrator.');
    }
    if (await this.users.findByEmail(input.email)) {
      throw new AppError(409, ErrorCode.AuthEmailTaken, 'An account with this email already exists. Sign in instead.');
    }
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.users
      .create({ id: newId('usr'), email: input.email, name: input.name ?? null, passwordHash })
      .catch((error: { code?: string }) => {
        if (error?.code === 'P2002') {
          throw new AppError(409, ErrorCode.AuthEmailTaken, 'An account with this email already exists. Sign in instead.');
        }
        throw error;
      });
    return toAuthUser(user);
  }

  /** One answer for a wrong password and an unknown email, in the same time. */
  async login(input: TLoginRequest, ip: string): Promise<AuthUser> {
    const ipKey = clientIpKey(ip);
    // Across emails first: one address spraying passwords over many accounts.
    await this.rateLimit.consume(
      'login-ip',
      ipKey,
      this.config.rateLimits.loginIpPer15Min,
      FIFTEEN_MIN_MS,
      'Too many sign-in attempts from this network. Wait a few minutes and try again.',
    );
    await this.rateLimit.consume(
      'login',
      `${ipKey}|${input.email}`,
      this.config.rateLimits.loginPer15Min,
      FIFTEEN_MIN_MS,
      'Too many sign-in attempts. Wait a few minutes and try again.',
    );
    const user = await this.users.findByEmail(input.email);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, input.password);
    if (!user || !ok) {
      throw new AppError(401, ErrorCode.AuthInvalidCredentials, 'Wrong email or password.');
    }
    return toAuthUser(user);
  }
}
