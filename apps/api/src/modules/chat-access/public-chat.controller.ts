import { Controller, Get, HttpCode, Options, Param, Post, Req, Res } from '@nestjs/common';
import {
  ZPublicSessionRequest,
  type TPublicSessionRequest,
  type TPublicSessionResponse,
  type TPublicWorkflow,
} from '@wfchat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CrossSiteChecked } from '../../common/auth/cross-site-checked.decorator.js';
import { Public } from '../../common/auth/public.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { IpRateLimited } from '../../common/rate-limit/ip-rate-limit.decorator.js';
import { ChatSessionsService } from './chat-sessions.service.js';

/** The public boundary: everything a visitor without an account can reach. */
@Public()
@IpRateLimited()
@Controller('public/workflows')
export class PublicChatController {
  constructor(private readonly sessions: ChatSessionsService) {}

  @Get(':id')
  metadata(@Param('id') id: string): Promise<TPublicWorkflow> {
    return this.sessions.publicMetadata(id);
  }

  /** The preflight of an embed loader's request from another site; the POST itself decides who gets a session. */
  @Options(':id/session')
  @HttpCode(204)
  preflight(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    allowCrossSite(req, reply);
    reply.header('Access-Control-Allow-Methods', 'POST');
    reply.header('Access-Control-Allow-Headers', 'content-type');
    reply.header('Access-Control-Max-Age', '600');
  }

  @Post(':id/session')
  @HttpCode(200)
  @CrossSiteChecked()
  session(
    @Param('id') id: string,
    @ZBody(ZPublicSessionRequest) body: TPublicSessionRequest,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TPublicSessionResponse> {
    allowCrossSite(req, reply);
    return this.sessions.mintPublic(id, body.publishToken, req, reply);
  }
}

/**
 * Lets an embed loader on another site read the answer (its session, or why
 * it was refused, to say so in its bubble) and keep its partitioned visitor
 * cookie. Safe for any origin: the session is only ever minted for the origins
 * an embed link lists, and every other answer is an error.
 */
function allowCrossSite(req: FastifyRequest, reply: FastifyReply) {
  const origin = req.headers.origin;
  if (!origin) return;
  reply.header('Access-Control-Allow-Origin', origin);
  reply.header('Access-Control-Allow-Credentials', 'true');
  reply.header('Vary', 'Origin');
}
