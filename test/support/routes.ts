import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, Role, ROLES } from '../../src/common';

export interface RegisteredRoute {
  method: string;
  path: string;
  /** 'public', the roles allowed, or undefined when the route has no access decision. */
  access: 'public' | Role[] | undefined;
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

const MIDDLEWARE_PATH = /\/\{\*\w+\}$/;

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every route the running app answers, read from Express's router, each with the access decision its
 * controller declares (read through Nest's discovery, not from a list kept by hand).
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const reflector = app.get(Reflector);
  const decisions = new Map<string, RegisteredRoute['access']>();
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  const scanner = new MetadataScanner();
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPaths = [reflector.get<string | string[]>(PATH_METADATA, wrapper.metatype) ?? ''].flat();
    const prototype = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const methodPaths = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      if (methodPaths === undefined) continue;
      const method = RequestMethod[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
      const targets = [handler, wrapper.metatype];
      const access = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)
        ? 'public'
        : reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
      for (const base of controllerPaths) {
        for (const path of [methodPaths].flat()) decisions.set(`${method} ${join(base, path)}`, access);
      }
    }
  }

  const router = (app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } }).router;
  const routes: RegisteredRoute[] = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      const upper = method.toUpperCase();
      const path = layer.route.path;
      // Nest mounts module middleware (sessions, CSRF, ORM context) on the router as catch-all routes.
      if (MIDDLEWARE_PATH.test(path) && !decisions.has(`${upper} ${path}`)) continue;
      if (!decisions.has(`${upper} ${path}`) && !decisions.has(`ALL ${path}`)) {
        throw new Error(`${upper} ${path} is registered but not found among the controllers' routes`);
      }
      routes.push({
        method: upper,
        path,
        access: decisions.get(`${upper} ${path}`) ?? decisions.get(`ALL ${path}`),
      });
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: parameters become ids that exist nowhere. */
export function concretePath(path: string): string {
  return path
    .replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\{?\*[A-Za-z_]+\}?/g, 'x');
}
