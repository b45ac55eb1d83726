import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { TChatSessionResponse } from '@wfchat/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ChatSessionsService } from './chat-sessions.service.js';

@Controller('workflows/:id/chatkit')
export class CanvasSessionController {
  constructor(private readonly sessions: ChatSessionsService) {}

  @Post('session')
  @HttpCode(200)
  session(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() req: FastifyRequest): Promise<TChatSessionResponse> {
    return this.sessions.mintCanvas(user, id, req.ip);
  }
}
