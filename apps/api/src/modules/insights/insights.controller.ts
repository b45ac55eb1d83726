import { Readable } from 'node:stream';
import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ZConversationExportQuery,
  ZConversationQuery,
  ZStatsQuery,
  type TConversationExportQuery,
  type TConversationListResponse,
  type TConversationQuery,
  type TStatsQuery,
  type TStatsResponse,
  type TTranscriptResponse,
} from '@wfchat/contracts';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ZQuery } from '../../common/http/zod.pipe.js';
import { InsightsService } from './insights.service.js';
import { StatsService } from './stats.service.js';

/** The author's view of a workflow's visitor conversations and usage (owner only). */
@Controller('workflows/:id')
export class InsightsController {
  constructor(
    private readonly insights: InsightsService,
    private readonly stats: StatsService,
  ) {}

  @Get('conversations')
  list(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZQuery(ZConversationQuery) query: TConversationQuery,
  ): Promise<TConversationListResponse> {
    return this.insights.list(user, id, query);
  }

  // Declared before `:threadId` so that "export" is never taken for a thread id.
  @Get('conversations/export')
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZQuery(ZConversationExportQuery) query: TConversationExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.insights.export(user, id, query);
    await reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      // One batch buffered at a time: a slow reader holds back the database reads.
      .send(Readable.from(file.body, { highWaterMark: 1 }));
  }

  @Get('conversations/:threadId')
  transcript(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('threadId') threadId: string,
  ): Promise<TTranscriptResponse> {
    return this.insights.transcript(user, id, threadId);
  }

  @Get('stats')
  statsOf(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZQuery(ZStatsQuery) query: TStatsQuery,
  ): Promise<TStatsResponse> {
    return this.stats.stats(user, id, query);
  }
}
