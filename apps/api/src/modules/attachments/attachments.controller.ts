import { Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { TAttachment } from '@wfchat/contracts';
import contentDisposition from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/public.decorator.js';
import { ChatAuth } from '../../common/auth/route-auth.js';
import { IpRateLimited } from '../../common/rate-limit/ip-rate-limit.decorator.js';
import { chatContextOf } from '../chatkit/chatkit.context.js';
import { isImageType } from './attachment-types.js';
import { AttachmentsService, type AttachmentDownload } from './attachments.service.js';

/** Where uploads go and downloads come from; the raw-body exception of the JSON-only rule (see json-only.ts). */
export const ATTACHMENT_CONTENT_ROUTE = /^\/api\/chatkit\/attachments\/[^/?]+\/content(?:\?|$)/;

/**
 * The byte routes of attachments (their metadata goes through `POST
 * /api/chatkit`): upload and download with the owner's chat JWT, and image
 * previews by signed URL for `<img src>`, which cannot send a header.
 */
@IpRateLimited()
@Controller('chatkit/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @ChatAuth()
  @Put(':id/content')
  upload(@Param('id') id: string, @Req() request: FastifyRequest): Promise<TAttachment> {
    return this.attachments.upload(chatContextOf(request.chatAuth!), id, request.raw, contentLengthOf(request));
  }

  /** The same as PUT, for clients that only POST. */
  @ChatAuth()
  @Post(':id/content')
  @HttpCode(200)
  uploadByPost(@Param('id') id: string, @Req() request: FastifyRequest): Promise<TAttachment> {
    return this.upload(id, request);
  }

  @ChatAuth()
  @Get(':id/content')
  async download(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.attachments.download(chatContextOf(request.chatAuth!), id), 'attachment');
  }

  @Public()
  @Get(':id/preview')
  async preview(@Param('id') id: string, @Query('sig') sig: unknown, @Res() reply: FastifyReply): Promise<void> {
    const download = await this.attachments.preview(id, typeof sig === 'string' ? sig : '');
    await send(reply, download, 'inline');
  }
}

function contentLengthOf(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  const n = header === undefined ? NaN : Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Sends stored bytes so that a browser can never run them: the sniffed type
 * with `nosniff`, a CSP that forbids everything and sandboxes the document,
 * and a download disposition except for images shown inline.
 */
async function send(reply: FastifyReply, { record, body }: AttachmentDownload, disposition: 'inline' | 'attachment') {
  const inline = disposition === 'inline' && isImageType(record.mimeType);
  await reply
    .status(200)
    .headers({
      'content-type': record.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : record.mimeType,
      'content-length': String(record.size ?? 0),
      'content-disposition': contentDisposition(record.name, { type: inline ? 'inline' : 'attachment' }),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      'cross-origin-resource-policy': 'cross-origin',
    })
    .send(body);
}
