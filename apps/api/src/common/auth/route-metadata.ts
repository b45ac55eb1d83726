import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

const cache = new WeakMap<object, WeakMap<object, Map<string | symbol, unknown>>>();

/**
 * A route's decorator metadata (the handler's, else its controller's), as
 * `Reflector.getAllAndOverride` answers it, looked up once per route and key:
 * the guards ask on every request, and decorators never change after boot.
 */
export function routeMetadata<T>(reflector: Reflector, key: string | symbol, context: ExecutionContext): T | undefined {
  const handler = context.getHandler();
  const controller = context.getClass();
  let byController = cache.get(handler);
  if (!byController) cache.set(handler, (byController = new WeakMap()));
  let byKey = byController.get(controller);
  if (!byKey) byController.set(controller, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, reflector.getAllAndOverride<T>(key, [handler, controller]));
  return byKey.get(key) as T | undefined;
}
