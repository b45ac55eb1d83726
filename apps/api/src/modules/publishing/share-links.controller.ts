import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ZCreateLinkRequest,
  ZUpdateLinkRequest,
  type TCreateLinkRequest,
  type TLinkListResponse,
  type TLinkResponse,
  type TLinkTokenResponse,
  type TUpdateLinkRequest,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { ShareLinksService } from './share-links.service.js';

@Controller('workflows/:id/links')
export class ShareLinksController {
  constructor(private readonly links: ShareLinksService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<TLinkListResponse> {
    return { data: await this.links.list(user, id) };
  }

  @Post()
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZBody(ZCreateLinkRequest) body: TCreateLinkRequest,
  ): Promise<TLinkTokenResponse> {
    return this.links.create(user, id, body);
  }

  @Post(':linkId/rotate')
  @HttpCode(200)
  rotate(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('linkId') linkId: string,
  ): Promise<TLinkTokenResponse> {
    return this.links.rotate(user, id, linkId);
  }

  @Patch(':linkId')
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('linkId') linkId: string,
    @ZBody(ZUpdateLinkRequest) body: TUpdateLinkRequest,
  ): Promise<TLinkResponse> {
    return { link: await this.links.update(user, id, linkId, body) };
  }

  @Delete(':linkId')
  @HttpCode(204)
  async delete(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('linkId') linkId: string): Promise<void> {
    await this.links.delete(user, id, linkId);
  }
}
