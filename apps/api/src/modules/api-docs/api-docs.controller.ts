import { gzipSync } from 'node:zlib';
import { Controller, Get, Header, Headers, Param, Res } from '@nestjs/common';
import { ErrorCode } from '@wfchat/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/public.decorator.js';
import { Errors } from '../../common/errors/app-error.js';
import { createApiDocument, serializeApiDocument } from './api-docs.document.js';
import { DOCS_ASSETS, DOCS_PAGE } from './api-docs.page.js';

/** The OpenAPI document and its reference page, built on first request and kept. */
@Public()
@Controller()
export class ApiDocsController {
  private document?: string;
  /** Each file as read, and gzipped (Swagger UI's bundle is 1.7 MB, 0.5 MB gzipped). */
  private readonly assets = new Map<string, { plain: Buffer; gzip: Buffer }>();

  @Get('openapi.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  openapi(): string {
    this.document ??= serializeApiDocument(createApiDocument());
    return this.document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return DOCS_PAGE;
  }

  @Get('docs/:asset')
  @Header('Cache-Control', 'no-cache')
  @Header('Vary', 'Accept-Encoding')
  asset(
    @Param('asset') name: string,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Buffer {
    const asset = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
    if (!asset) throw Errors.notFound(ErrorCode.RouteNotFound, `No file ${name.slice(0, 100)} in the API docs.`);
    let body = this.assets.get(name);
    if (!body) {
      const plain = asset.read();
      this.assets.set(name, (body = { plain, gzip: gzipSync(plain) }));
    }
    void reply.type(asset.type);
    if (!/\bgzip\b/.test(acceptEncoding ?? '')) return body.plain;
    void reply.header('Content-Encoding', 'gzip');
    return body.gzip;
  }
}
