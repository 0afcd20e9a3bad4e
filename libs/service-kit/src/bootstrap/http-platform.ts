import type { IncomingHttpHeaders } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { BaseConfig } from '../config/base-config.schema';
import { bodyLimitBytes } from '../config/body-limit';
import { REQUEST_ID_HEADER, resolveRequestId } from '../request/request-id';
import { withDirectJsonReplies } from './express-json-reply';

/** The HTTP libraries a service can run on; each kit feature behaves the same on both. */
export const HTTP_PLATFORMS = ['express', 'fastify'] as const;

/**
 * `express` is NestJS's default; `fastify` costs about half its CPU per request, so a service called on
 * every request of others (users) runs on it.
 */
export type HttpPlatform = (typeof HTTP_PLATFORMS)[number];

/** The platform a created app runs on, as its adapter reports it. */
export function httpPlatformOf(app: INestApplication): HttpPlatform {
  return app.getHttpAdapter().getType() === 'fastify' ? 'fastify' : 'express';
}

/**
 * The Nest HTTP adapter for `platform`. Each adapter package is loaded only when chosen, so a service neither starts
 * up nor holds memory for the other one. Express's adapter is created here rather than by Nest, whose
 * `require(name)` a bundler cannot follow: the service bundle would load it from node_modules.
 */
export async function createHttpAdapter(platform: HttpPlatform, config: BaseConfig): Promise<AbstractHttpAdapter> {
  if (platform === 'express') {
    const { ExpressAdapter } = await import('@nestjs/platform-express');
    const DirectJsonExpressAdapter = withDirectJsonReplies(ExpressAdapter);
    return new DirectJsonExpressAdapter();
  }
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes(config.BODY_LIMIT),
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    // The kit logs each request itself, in one line; fastify's own logger would add two more.
    logger: false,
    // fastify's `request.id` is the kit's request id: the caller's `X-Request-Id` when safe, otherwise a new one.
    genReqId: (req: { headers: IncomingHttpHeaders }) => resolveRequestId(req.headers[REQUEST_ID_HEADER]),
    // No Nest middleware runs in a kit service (its hooks are fastify hooks), so @fastify/middie's per-request
    // matching is skipped.
    skipMiddie: true,
    // Express routes `/api/users/` like `/api/users`; clients of an Express service must see no difference.
    routerOptions: { ignoreTrailingSlash: true },
  });
}
