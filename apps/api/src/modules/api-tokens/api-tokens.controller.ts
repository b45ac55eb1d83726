import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ZCreateApiTokenRequest,
  type TApiTokenListResponse,
  type TCreateApiTokenRequest,
  type TCreateApiTokenResponse,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { ApiTokensService } from './api-tokens.service.js';

@Controller('auth/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  create(
    @CurrentUser() user: AuthUser,
    @ZBody(ZCreateApiTokenRequest) body: TCreateApiTokenRequest,
  ): Promise<TCreateApiTokenResponse> {
    return this.tokens.create(user.id, body.name);
  }

  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<TApiTokenListResponse> {
    return { data: await this.tokens.list(user.id) };
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.tokens.revoke(user.id, id);
  }
}
