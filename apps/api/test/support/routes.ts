import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IS_PUBLIC } from '../../src/common/auth/public.decorator.js';
import { ROUTE_AUTH } from '../../src/common/auth/route-auth.js';

export interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  auth: string | undefined;
}

/** Every route the app registered, from Nest's own metadata, with its auth marks. */
export function listRoutes(app: NestFastifyApplication): RouteInfo[] {
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const controller = instance.constructor;
    const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat()[0] as string;
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = `/${[base, [sub].flat()[0]].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      routes.push({
        method: method!,
        path,
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler as never, controller]) === true,
        auth: reflector.getAllAndOverride<string>(ROUTE_AUTH, [handler as never, controller]),
      });
    }
  }
  return routes;
}
