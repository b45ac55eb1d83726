import { describe, expect, it } from 'vitest';
import { ErrorCode, ZErrorBody } from './errors.js';

describe('ErrorCode', () => {
  it('gives every error a distinct, dotted lower-case code', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
  });

  it('keeps the codes the spec names verbatim', () => {
    expect(ErrorCode).toMatchObject({
      AuthInvalidCredentials: 'auth.invalid_credentials',
      AuthUnauthenticated: 'auth.unauthenticated',
      AuthLoginRequired: 'auth.login_required',
      AuthMissingToken: 'auth.missing_token',
      AuthInvalidToken: 'auth.invalid_token',
      AuthTokenExpired: 'auth.token_expired',
      AuthTokenRevoked: 'auth.token_revoked',
      WorkflowNotFound: 'workflow.not_found',
      WorkflowVersionConflict: 'workflow.version_conflict',
      PublishAlreadyPublished: 'publish.already_published',
      PublishNotPublished: 'publish.not_published',
      PublishInvalidToken: 'publish.invalid_token',
      ThreadNotFound: 'thread.not_found',
      RequestInvalid: 'request.invalid',
      RequestTooLarge: 'request.too_large',
      RequestUnsupportedMediaType: 'request.unsupported_media_type',
      RateLimited: 'rate_limited',
      FeatureDisabled: 'feature.disabled',
    });
  });

  it('describes the error body every client can parse', () => {
    expect(ZErrorBody.parse({ code: 'x.y', message: 'm' })).toEqual({ code: 'x.y', message: 'm' });
    expect(() => ZErrorBody.parse({ message: 'no code' })).toThrow();
  });
});
