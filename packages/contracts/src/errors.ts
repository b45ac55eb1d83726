import { z } from 'zod';

/**
 * Every error the API returns has one of these codes. Clients branch on the
 * code, never on the message, so a code, once shipped, never changes meaning.
 */
export const ErrorCode = {
  RequestInvalid: 'request.invalid',
  RequestTooLarge: 'request.too_large',
  RequestUnsupported: 'request.unsupported',
  RequestUnsupportedMediaType: 'request.unsupported_media_type',
  RouteNotFound: 'route.not_found',
  RateLimited: 'rate_limited',
  Internal: 'internal',
  Unavailable: 'service.unavailable',
  FeatureDisabled: 'feature.disabled',

  AuthUnauthenticated: 'auth.unauthenticated',
  AuthInvalidCredentials: 'auth.invalid_credentials',
  AuthSignupClosed: 'auth.signup_closed',
  AuthEmailTaken: 'auth.email_taken',
  AuthCsrf: 'auth.csrf_rejected',
  AuthOidcDisabled: 'auth.oidc_disabled',
  AuthOidcFailed: 'auth.oidc_failed',
  AuthLoginRequired: 'auth.login_required',
  AuthMissingToken: 'auth.missing_token',
  AuthInvalidToken: 'auth.invalid_token',
  AuthTokenExpired: 'auth.token_expired',
  AuthTokenRevoked: 'auth.token_revoked',
  AuthForbidden: 'auth.forbidden',

  ApiTokenNotFound: 'api_token.not_found',

  WorkflowNotFound: 'workflow.not_found',
  WorkflowVersionConflict: 'workflow.version_conflict',
  WorkflowVersionNotFound: 'workflow.version_not_found',
  WorkflowInvalidDefinition: 'workflow.invalid_definition',
  WorkflowQuotaExceeded: 'workflow.quota_exceeded',

  PublishAlreadyPublished: 'publish.already_published',
  PublishNotPublished: 'publish.not_published',
  PublishInvalidToken: 'publish.invalid_token',
  PublishConflict: 'publish.conflict',

  LinkNotFound: 'link.not_found',
  LinkLimitReached: 'link.limit_reached',
  EmbedOriginNotAllowed: 'embed.origin_not_allowed',

  ThreadNotFound: 'thread.not_found',
  ItemNotFound: 'item.not_found',

  AttachmentNotFound: 'attachment.not_found',
  AttachmentTooLarge: 'attachment.too_large',
  AttachmentUnsupportedType: 'attachment.unsupported_type',
  AttachmentsDisabled: 'attachment.disabled',
  AttachmentAlreadyUploaded: 'attachment.already_uploaded',
  AttachmentNotUploaded: 'attachment.not_uploaded',
  AttachmentLimitReached: 'attachment.limit_reached',
  AttachmentInUse: 'attachment.in_use',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ZErrorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    /** Present on validation errors: where in the input each problem is. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'ErrorBody' });
export type TErrorBody = z.infer<typeof ZErrorBody>;
