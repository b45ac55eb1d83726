import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../errors/app-error.js';
import type { AuthUser } from './auth-context.js';

/** The signed-in user of a non-public route (the global guard guarantees one). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const auth = ctx.switchToHttp().getRequest<FastifyRequest>().userAuth;
  if (!auth) throw Errors.unauthenticated();
  return auth.user;
});
