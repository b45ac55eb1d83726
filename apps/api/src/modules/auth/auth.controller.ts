import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ZLoginRequest,
  ZSignupRequest,
  type TAuthProvidersResponse,
  type TLoginRequest,
  type TSignupRequest,
  type TUserResponse,
} from '@wfchat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { Public } from '../../common/auth/public.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { AuthService } from './auth.service.js';
import { clearSessionCookie, isHttps, setSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('providers')
  providers(): Promise<TAuthProvidersResponse> {
    return this.auth.providers();
  }

  @Public()
  @Post('signup')
  async signup(
    @ZBody(ZSignupRequest) body: TSignupRequest,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TUserResponse> {
    const user = await this.auth.signup(body, req.ip);
    await this.startSession(user, req, reply);
    reply.status(201);
    return { user };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @ZBody(ZLoginRequest) body: TLoginRequest,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TUserResponse> {
    const user = await this.auth.login(body, req.ip);
    await this.startSession(user, req, reply);
    return { user };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    if (req.userAuth?.sessionId) await this.sessions.revoke(req.userAuth.sessionId);
    clearSessionCookie(reply, isHttps(req, this.config.publicBaseUrl));
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): TUserResponse {
    return { user };
  }

  private async startSession(user: AuthUser, req: FastifyRequest, reply: FastifyReply) {
    const { token } = await this.sessions.create(user.id, req.headers['user-agent']);
    setSessionCookie(reply, token, this.sessions.ttlMs / 1000, isHttps(req, this.config.publicBaseUrl));
  }
}
