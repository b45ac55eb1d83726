import fs from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import { ErrorCode } from '@wfchat/contracts';
import { describe, expect, it } from 'vitest';
import { openApiDocumentPath } from '../../common/paths.js';
import { createApiDocument, serializeApiDocument } from './api-docs.document.js';

const document = createApiDocument();
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  (['get', 'post', 'patch', 'delete', 'put', 'options'] as const)
    .filter((method) => item[method])
    .map((method) => ({ id: `${method.toUpperCase()} ${path}`, op: item[method]! })),
);

interface ErrorResponse {
  $ref?: string;
  content: { 'application/json': { schema: { allOf: [unknown, { properties: { code: { enum: string[] } } }] } } };
}

/** The codes an operation lists for a status, following a shared response's `$ref`. */
function codesOf(id: string, status: string): string[] {
  let response = operations.find((o) => o.id === id)!.op.responses![status] as ErrorResponse;
  if (response.$ref) {
    const name = response.$ref.replace('#/components/responses/', '');
    response = document.components!.responses![name] as ErrorResponse;
  }
  return response.content['application/json'].schema.allOf[1].properties.code.enum;
}

describe('the OpenAPI document', () => {
  it('is the committed docs/openapi.json (run `npm run openapi` and commit the file when this fails)', () => {
    const committed = fs.existsSync(openApiDocumentPath) ? fs.readFileSync(openApiDocumentPath, 'utf8') : '';
    const generated = serializeApiDocument(document);
    // One line, not a 300 KB diff: the command is what a developer needs.
    expect(
      committed === generated,
      'docs/openapi.json differs from the document the code generates: run `npm run openapi` and commit docs/openapi.json',
    ).toBe(true);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    // The validator dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(document.openapi).toBe('3.1.0');
  });

  it('gives every operation an id, a summary, a tag, its security and the shared error answers', () => {
    const problems: string[] = [];
    for (const { id, op } of operations) {
      if (!op.operationId || !op.summary || op.tags?.length !== 1)
        problems.push(`${id}: operationId, summary or tag missing`);
      if (!Array.isArray(op.security)) problems.push(`${id}: security not stated`);
      for (const status of ['500', '503']) if (!op.responses?.[status]) problems.push(`${id}: no ${status}`);
    }
    expect(problems).toEqual([]);
  });

  it('names the stable error codes each route answers, and only known ones', () => {
    const known = new Set<string>(Object.values(ErrorCode));
    expect(codesOf('PATCH /api/workflows/{id}', '409')).toEqual([ErrorCode.WorkflowVersionConflict]);
    expect(codesOf('POST /api/chatkit', '401')).toEqual(
      expect.arrayContaining([ErrorCode.AuthMissingToken, ErrorCode.AuthTokenExpired, ErrorCode.AuthTokenRevoked]),
    );
    expect(codesOf('POST /api/public/workflows/{id}/session', '429')).toEqual([ErrorCode.RateLimited]);
    expect(codesOf('GET /api/workflows', '401')).toContain(ErrorCode.AuthUnauthenticated);
    expect(codesOf('POST /api/auth/login', '403')).toEqual([ErrorCode.AuthCsrf]);
    expect(codesOf('GET /api/healthz', '503')).toEqual([ErrorCode.Unavailable]);
    const unknown = operations.flatMap(({ id, op }) =>
      Object.keys(op.responses ?? {})
        .filter((status) => status >= '400' && !(id === 'GET /api/readyz' && status === '503'))
        .flatMap((status) =>
          codesOf(id, status)
            .filter((c) => !known.has(c))
            .map((c) => `${id} ${status}: ${c}`),
        ),
    );
    expect(unknown).toEqual([]);
  });

  it('describes the four ways to authenticate and marks public routes as such', () => {
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      'apiToken',
      'chatJwt',
      'publishToken',
      'sessionCookie',
    ]);
    const security = (id: string) => operations.find((o) => o.id === id)!.op.security;
    expect(security('GET /api/workflows')).toEqual([{ sessionCookie: [] }, { apiToken: [] }]);
    expect(security('POST /api/chatkit')).toEqual([{ chatJwt: [] }, { publishToken: [] }]);
    expect(security('POST /api/public/workflows/{id}/session')).toEqual([]);
  });
});
