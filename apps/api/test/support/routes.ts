import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IS_PUBLIC } from '../../src/common/auth/public.decorator.js';
import { ROUTE_AUTH } from '../../src/common/auth/route-auth.js';

export interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  auth: string | undefined;
  /**
   * The status Nest answers a success with (`@HttpCode`, else 201 for POST and
   * 200 otherwise), or undefined when the handler writes the reply itself (`@Res()`).
   */
  successStatus: number | undefined;
}

/** Whether a handler takes the raw reply (`@Res()` without passthrough), so Nest leaves the status to it. */
function writesItsOwnReply(controller: object, name: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller.constructor, name) ?? {}) as Record<
    string,
    { data?: { passthrough?: boolean } }
  >;
  return Object.entries(args).some(
    ([key, arg]) =>
      [RouteParamtypes.RESPONSE, RouteParamtypes.NEXT].includes(Number(key.split(':')[0])) && !arg.data?.passthrough,
  );
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
        successStatus: writesItsOwnReply(instance, name)
          ? undefined
          : ((Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (method === 'POST' ? 201 : 200)),
      });
    }
  }
  return routes;
}
