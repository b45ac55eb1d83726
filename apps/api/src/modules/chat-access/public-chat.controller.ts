import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ZPublicSessionRequest,
  type TPublicSessionRequest,
  type TPublicSessionResponse,
  type TPublicWorkflow,
} from '@wfchat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

  @Post(':id/session')
  @HttpCode(200)
  session(
    @Param('id') id: string,
    @ZBody(ZPublicSessionRequest) body: TPublicSessionRequest,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TPublicSessionResponse> {
    return this.sessions.mintPublic(id, body.publishToken, req, reply);
  }
}
