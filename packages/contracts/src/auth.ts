import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 8;
/** Bounded so a huge "password" cannot make hashing a denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }).max(254));

export const ZSignupRequest = z.strictObject({
  email: ZEmail,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
  name: z.string().trim().min(1).max(100).optional(),
});
export type TSignupRequest = z.infer<typeof ZSignupRequest>;

export const ZLoginRequest = z.strictObject({
  email: ZEmail,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

export const ZUserResponse = z.object({ user: ZUser });
export type TUserResponse = z.infer<typeof ZUserResponse>;

/** What the sign-in page needs to know before it renders. */
export const ZAuthProvidersResponse = z.object({
  signupAllowed: z.boolean(),
  oidc: z.object({ name: z.string() }).nullable(),
});
export type TAuthProvidersResponse = z.infer<typeof ZAuthProvidersResponse>;

export const API_TOKEN_PREFIX = 'wfa_';

export const ZCreateApiTokenRequest = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
});
export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequest>;

export const ZApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    tokenHint: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type TApiToken = z.infer<typeof ZApiToken>;

/** The token itself appears in this response only. */
export const ZCreateApiTokenResponse = ZApiToken.extend({ token: z.string() });
export type TCreateApiTokenResponse = z.infer<typeof ZCreateApiTokenResponse>;

export const ZApiTokenListResponse = z.object({ data: z.array(ZApiToken) });
export type TApiTokenListResponse = z.infer<typeof ZApiTokenListResponse>;

/** `returnTo` must be a path on this site: never a scheme, host or protocol-relative URL. */
export function isSafeReturnPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 2048 &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.startsWith('/\\') &&
    !/[\u0000-\u001f\\]/.test(value)
  );
}
