import { ErrorCode, ZErrorBody } from '@wfchat/contracts';
import { z } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiResponseObject,
  ZodOpenApiResponsesObject,
  ZodOpenApiSecuritySchemeObject,
} from 'zod-openapi';

/**
 * The small vocabulary each feature's `<feature>.openapi.ts` uses to describe
 * its routes, so that a route's document sits next to its controller and the
 * rules every route shares (auth, CSRF, limits, outages) are written once.
 */

/** How a route is authenticated; mirrors `@Public()`, `@ChatAuth()` and the deny-by-default guard. */
export type RouteAuth = 'user' | 'public' | 'chat';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;

export interface RouteDoc {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: RouteAuth;
  /** Counted against the per-IP limit (`@IpRateLimited()`), so it can answer 429. */
  ipLimited?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success responses, by status. */
  responses: ZodOpenApiResponsesObject;
  /** Codes this route answers besides those every route of its kind can (see `sharedErrors`). */
  errors?: Partial<Record<ErrorStatus, ErrorCode[]>>;
}

export const securitySchemes: Record<string, ZodOpenApiSecuritySchemeObject> = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sid',
    description:
      'The Canvas login session, set by sign-up, login and single sign-on (HttpOnly, SameSite=Lax). ' +
      'A state-changing request (POST, PATCH, DELETE) without a Bearer credential must come from this site: ' +
      'its `Origin` must be this server, or its `Sec-Fetch-Site` `same-origin` or `none`; a request carrying ' +
      'cookies with neither header is refused too. Refusals are 403 `auth.csrf_rejected`.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'wfa_…',
    description:
      'A personal API token (`wfa_…`, from `POST /api/auth/tokens` or Canvas → API tokens), accepted wherever a ' +
      'session is. Bearer requests are exempt from the CSRF check.',
  },
  chatJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A chat JWT (HS256, `aud: chatkit`, 5 minutes by default) from `POST /api/public/workflows/{id}/session` ' +
      'or `POST /api/workflows/{id}/chatkit/session`; scoped to one workflow.',
  },
  publishToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'wfp_…',
    description:
      'A publish token (`wfp_…`, the `#t=` of a share link) for server-to-server chat; refused when the ' +
      'workflow requires sign-in. Browsers exchange it for a chat JWT instead.',
  },
};

const security: Record<RouteAuth, ZodOpenApiOperationObject['security']> = {
  user: [{ sessionCookie: [] }, { apiToken: [] }],
  chat: [{ chatJwt: [] }, { publishToken: [] }],
  public: [],
};

const statusText: Record<ErrorStatus, string> = {
  400: 'The request is invalid.',
  401: 'Not authenticated, or the credential is invalid, expired or revoked.',
  403: 'Refused.',
  404: 'Not found (another user’s resources are not found either), or the feature is turned off.',
  409: 'The state changed or does not allow this.',
  413: 'The body is larger than 1 MiB (or a chat message is longer than allowed).',
  415: 'The body is not `application/json`.',
  429: 'A rate limit was reached; retry after `Retry-After` seconds.',
  500: 'An unexpected error; the body carries no detail.',
  503: 'The database or Redis is unreachable; retry after `Retry-After` seconds.',
};

const retryAfter = z.object({
  'Retry-After': z.string().meta({ description: 'Seconds to wait before retrying.', example: '30' }),
});

/** `{code, message}` where `code` is one of `codes`. */
function errorBody(codes: readonly string[]) {
  const narrowed = z.object({ code: z.enum(codes as [string, ...string[]]) }).meta({
    // Only narrows `code`: the other fields are ErrorBody's, so this part must not close the object.
    override: ({ jsonSchema }) => {
      delete jsonSchema.additionalProperties;
    },
  });
  return z.intersection(ZErrorBody, narrowed);
}

/** Error answers many routes share, written once under `components.responses`. */
const sharedResponseIds: Record<string, string> = {
  [`400 ${ErrorCode.RequestInvalid}`]: 'InvalidRequest',
  [`401 ${ErrorCode.AuthInvalidToken} ${ErrorCode.AuthUnauthenticated}`]: 'Unauthenticated',
  [`403 ${ErrorCode.AuthCsrf}`]: 'CsrfRejected',
  [`413 ${ErrorCode.RequestTooLarge}`]: 'TooLarge',
  [`415 ${ErrorCode.RequestUnsupportedMediaType}`]: 'UnsupportedMediaType',
  [`429 ${ErrorCode.RateLimited}`]: 'RateLimited',
  [`500 ${ErrorCode.Internal}`]: 'InternalError',
  [`503 ${ErrorCode.Unavailable}`]: 'ServiceUnavailable',
};
const sharedResponses = new Map<string, ZodOpenApiResponseObject>();

function errorResponse(status: ErrorStatus, codes: readonly string[]): ZodOpenApiResponseObject {
  const key = [status, ...codes].join(' ');
  const cached = sharedResponses.get(key);
  if (cached) return cached;
  const list = codes.map((c) => `\`${c}\``).join(', ');
  const response: ZodOpenApiResponseObject = {
    description: `${statusText[status]} Codes: ${list}.`,
    ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
    content: { 'application/json': { schema: errorBody(codes) } },
  };
  const id = sharedResponseIds[key];
  if (!id) return response;
  // The same object each time: the generator registers it once and refers to it.
  const shared = { ...response, id };
  sharedResponses.set(key, shared);
  return shared;
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The codes every route of this kind can answer, whatever its feature does. */
export function sharedErrors(method: string, doc: Pick<RouteDoc, 'auth' | 'ipLimited'>) {
  const errors = new Map<ErrorStatus, Set<string>>();
  const add = (status: ErrorStatus, ...codes: string[]) => {
    const set = errors.get(status) ?? new Set<string>();
    for (const code of codes) set.add(code);
    errors.set(status, set);
  };
  if (WRITE_METHODS.has(method)) {
    add(400, ErrorCode.RequestInvalid);
    add(403, ErrorCode.AuthCsrf);
    add(413, ErrorCode.RequestTooLarge);
    add(415, ErrorCode.RequestUnsupportedMediaType);
  }
  if (doc.auth === 'user') add(401, ErrorCode.AuthUnauthenticated, ErrorCode.AuthInvalidToken);
  if (doc.ipLimited) add(429, ErrorCode.RateLimited);
  add(500, ErrorCode.Internal);
  add(503, ErrorCode.Unavailable);
  return errors;
}

/** One operation of the document, from a route's description. */
export function operation(
  method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options',
  doc: RouteDoc,
): ZodOpenApiOperationObject {
  const errors = sharedErrors(method, doc);
  for (const [status, codes] of Object.entries(doc.errors ?? {}) as [string, ErrorCode[]][]) {
    const set = errors.get(Number(status) as ErrorStatus) ?? new Set<string>();
    for (const code of codes) set.add(code);
    errors.set(Number(status) as ErrorStatus, set);
  }
  const responses: ZodOpenApiResponsesObject = { ...doc.responses };
  for (const status of [...errors.keys()].sort((a, b) => a - b)) {
    // A status the route documents itself (readyz's 503) keeps its own body.
    responses[`${status}`] ??= errorResponse(status, [...errors.get(status)!].sort());
  }
  const requestParams = {
    ...(doc.params ? { path: doc.params } : {}),
    ...(doc.query ? { query: doc.query } : {}),
  };
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    security: security[doc.auth],
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: doc.body } } } } : {}),
    responses,
  };
}

/** A JSON success response. */
export function json(description: string, schema: z.ZodType): ZodOpenApiResponseObject {
  return { description, content: { 'application/json': { schema } } };
}

/** A success response without a body. */
export function noContent(description: string): ZodOpenApiResponseObject {
  return { description };
}

/** The `:id` of a workflow route. */
export const ZWorkflowIdParams = z.object({ id: z.string().meta({ description: 'The workflow id.' }) });
