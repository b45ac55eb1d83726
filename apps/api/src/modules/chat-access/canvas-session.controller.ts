import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ZChatSessionRequest, type TChatSessionRequest, type TChatSessionResponse } from '@wfchat/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { ChatSessionsService } from './chat-sessions.service.js';

/** Owner-minted chat sessions: Canvas test chats, or server-to-server chats for an external user. */
@Controller('workflows/:id/chatkit')
export class CanvasSessionController {
  constructor(private readonly sessions: ChatSessionsService) {}

  @Post('session')
  @HttpCode(200)
  session(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZBody(ZChatSessionRequest) body: TChatSessionRequest,
    @Req() req: FastifyRequest,
  ): Promise<TChatSessionResponse> {
    return body.user === undefined
      ? this.sessions.mintCanvas(user, id, req.ip)
      : this.sessions.mintExternal(req.userAuth!, id, body.user, req.ip);
  }
}
