import { HttpAdapterHost } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base-config.schema';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { bodyParserErrorsMiddleware } from '../errors/body-parser-errors.middleware';
import { createValidationPipe } from '../errors/create-validation-pipe';
import { jsonBodyRequiredMiddleware } from '../errors/json-body-required.middleware';
import { rejectDeepJson } from '../errors/json-depth';
import { ReadinessState } from '../health/readiness-state';
import { createRequestLifecycleMiddleware } from '../request/request-lifecycle.middleware';

/**
 * Everything a service does to its Nest app before listening; shared by `bootstrapService` and the test app so the
 * tests exercise the production pipeline. The app must be created with `bodyParser: false` (the limit is set here).
 */
export function configureApp(app: NestExpressApplication, config: BaseConfig, logger: Logger): void {
  // Express hashes every response body for an ETag; these are small, changing JSON lists, so it is CPU for nothing.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.use(createRequestLifecycleMiddleware(logger, app.get(ReadinessState)));
  app.use(jsonBodyRequiredMiddleware);
  app.useBodyParser('json', { limit: config.BODY_LIMIT, verify: rejectDeepJson(config.BODY_MAX_DEPTH) });
  app.use(bodyParserErrorsMiddleware);
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost), logger));
  app.useGlobalPipes(createValidationPipe());
}
