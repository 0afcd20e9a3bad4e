import type { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base-config.schema';
import { bodyLimitBytes } from '../config/body-limit';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { createValidationPipe } from '../errors/create-validation-pipe';
import { registerFastifyBodyParsers } from '../errors/fastify-body-parsers';
import { createJsonBodyMiddleware } from '../errors/json-body.middleware';
import { rejectDeepJson } from '../errors/json-depth';
import { ReadinessState } from '../health/readiness-state';
import { registerFastifyRequestHooks } from '../request/fastify-request-hooks';
import { readRequestContext } from '../request/request-context';
import { createRequestLifecycleMiddleware } from '../request/request-lifecycle.middleware';
import type { Tracing } from '../tracing/tracing';
import { httpPlatformOf } from './http-platform';

/**
 * Everything a service does to its Nest app before listening; shared by `bootstrapService` and the test app so the
 * tests exercise the production pipeline. The app must be created with `bodyParser: false` (the parsers are set
 * here) and, on fastify, with the adapter from `createHttpAdapter`. With `tracing`, request contexts take their trace
 * from OpenTelemetry's active span. Async because Express's body parser is loaded only in a service that runs on it.
 */
export async function configureApp(app: INestApplication, config: BaseConfig, logger: Logger, tracing?: Tracing): Promise<void> {
  const readiness = app.get(ReadinessState);
  const readContext = tracing?.readContext ?? readRequestContext;
  if (httpPlatformOf(app) === 'fastify') {
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    registerFastifyRequestHooks(fastify, logger, readiness, readContext);
    registerFastifyBodyParsers(fastify, { bodyLimit: bodyLimitBytes(config.BODY_LIMIT), maxDepth: config.BODY_MAX_DEPTH });
  } else {
    const express = app as NestExpressApplication;
    // Express hashes every response body for an ETag; these are small, changing JSON lists, so it is CPU for nothing.
    express.set('etag', false);
    express.disable('x-powered-by');
    express.use(createRequestLifecycleMiddleware(logger, readiness, readContext));
    const { json } = await import('express');
    express.use(createJsonBodyMiddleware(json({ limit: config.BODY_LIMIT, verify: rejectDeepJson(config.BODY_MAX_DEPTH) })));
  }
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost), logger, bodyLimitBytes(config.BODY_LIMIT)));
  app.useGlobalPipes(createValidationPipe());
}
