import type { Server } from 'node:http';
import type { DynamicModule, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import type { BaseConfig } from '../config/base-config.schema';
import { baseConfigSchema } from '../config/base-config.schema';
import { parseConfig } from '../config/parse-config';
import { configureApp } from '../bootstrap/configure-app';
import { createHttpAdapter, type HttpPlatform } from '../bootstrap/http-platform';
import { ServiceRootModule } from '../bootstrap/service-kit.module';
import { createRootLogger } from '../logging/create-root-logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { MemoryLogStream } from './memory-log-stream';

/** Options for {@link createTestApp}. */
export interface TestAppOptions {
  /** The app's domain module, as main.ts passes it. */
  readonly module: Type<unknown> | DynamicModule;
  /** The service's parsed config; omitted means the base defaults. */
  readonly config?: BaseConfig;
  /** Replaces providers before compiling (a fake repository, say). */
  readonly override?: (builder: ReturnType<typeof Test.createTestingModule>) => void;
  /** The HTTP library, as the service's main.ts passes it; `express` when omitted. */
  readonly http?: HttpPlatform;
}

/** A service app wired exactly as in production, not listening; pass `server` to supertest. */
export interface TestApp {
  readonly app: INestApplication;
  readonly server: Server;
  /** Every line the app logged, parsed. */
  readonly logs: MemoryLogStream;
  close(): Promise<void>;
}

/** Builds a service app with the production middleware, filter and pipes, logging into memory. */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const config = options.config ?? parseConfig(baseConfigSchema, {});
  const logs = new MemoryLogStream();
  const { logger } = createRootLogger({ service: 'test', level: 'info', destination: logs });
  const builder = Test.createTestingModule({ imports: [ServiceRootModule.wrap(options.module, config, logger)] });
  options.override?.(builder);
  const moduleRef = await builder.compile();
  const http = options.http ?? 'express';
  const app = moduleRef.createNestApplication(await createHttpAdapter(http, config), { bodyParser: false, bufferLogs: true });
  app.useLogger(new PinoNestLogger(logger));
  await configureApp(app, config, logger);
  await app.init();
  // Fastify routes requests only once its plugins have loaded, which listen() would wait for; supertest listens itself.
  if (http === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return { app, server: app.getHttpServer(), logs, close: () => app.close() };
}
