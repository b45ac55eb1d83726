import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ErrorCode, isSafeReturnPath } from '@wfchat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/public.decorator.js';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { isHttps, setSessionCookie } from '../auth/session-cookie.js';
import { SessionsService } from '../auth/sessions.service.js';
import { OidcService, type OidcTransaction } from './oidc.service.js';

const TX_COOKIE = 'oidc_tx';
const TX_PATH = '/api/auth/oidc';
const TX_TTL_SECONDS = 600;

@Public()
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  async login(
    @Query('returnTo') returnTo: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (returnTo !== undefined && !isSafeReturnPath(returnTo)) {
      throw Errors.invalid('returnTo must be a path on this site, such as /chat/<id>.');
    }
    const { url, transaction } = await this.oidc.start(returnTo ?? '/');
    reply.setCookie(TX_COOKIE, JSON.stringify(transaction), {
      signed: true,
      httpOnly: true,
      // The callback is a top-level GET navigation from the provider: Lax cookies come along.
      sameSite: 'lax',
      secure: isHttps(req, this.config.publicBaseUrl),
      path: TX_PATH,
      maxAge: TX_TTL_SECONDS,
    });
    await reply.redirect(url, 302);
  }

  @Get('callback')
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const secure = isHttps(req, this.config.publicBaseUrl);
    const transaction = this.readTransaction(req);
    reply.clearCookie(TX_COOKIE, { path: TX_PATH, secure, httpOnly: true, sameSite: 'lax' });
    try {
      if (!transaction) throw new AppError(400, ErrorCode.AuthOidcFailed, 'The sign-in attempt expired; start again.');
      const query = req.url.slice(req.url.indexOf('?') === -1 ? req.url.length : req.url.indexOf('?'));
      const user = await this.oidc.finish(query, transaction);
      const { token } = await this.sessions.create(user.id, req.headers['user-agent']);
      setSessionCookie(reply, token, this.sessions.ttlMs / 1000, secure);
      await reply.redirect(transaction.returnTo, 302);
    } catch (error) {
      // A browser navigation: send the person back to the sign-in page with a readable reason.
      const code = error instanceof AppError ? error.code : ErrorCode.AuthOidcFailed;
      req.log.warn({ code, reason: (error as Error)?.message }, 'oidc sign-in failed');
      const back = new URLSearchParams({ error: code, returnTo: transaction?.returnTo ?? '/' });
      await reply.redirect(`/login?${back.toString()}`, 302);
    }
  }

  private readTransaction(req: FastifyRequest): OidcTransaction | undefined {
    const raw = req.cookies[TX_COOKIE];
    if (!raw) return undefined;
    const unsigned = req.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return undefined;
    try {
      const tx = JSON.parse(unsigned.value) as OidcTransaction;
      return isSafeReturnPath(tx.returnTo) ? tx : undefined;
    } catch {
      return undefined;
    }
  }
}
