import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ZPublishRequest,
  ZUpdatePublishRequest,
  type TAuditListResponse,
  type TPublishRequest,
  type TPublishResponse,
  type TUpdatePublishRequest,
  type TWorkflowResponse,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { PublishingService } from './publishing.service.js';

@Controller('workflows/:id')
export class PublishingController {
  constructor(private readonly publishing: PublishingService) {}

  @Post('publish')
  publish(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZBody(ZPublishRequest) body: TPublishRequest,
  ): Promise<TPublishResponse> {
    return this.publishing.publish(user, id, body);
  }

  @Post('publish/rotate')
  @HttpCode(200)
  rotate(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<TPublishResponse> {
    return this.publishing.rotate(user, id);
  }

  @Post('publish/revoke')
  @HttpCode(200)
  revoke(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<TWorkflowResponse> {
    return this.publishing.revoke(user, id);
  }

  @Patch('publish')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZBody(ZUpdatePublishRequest) body: TUpdatePublishRequest,
  ): Promise<TWorkflowResponse> {
    return this.publishing.update(user, id, body);
  }

  @Get('audit')
  async audit(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<TAuditListResponse> {
    return { data: await this.publishing.auditLog(user, id) };
  }
}
