import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BaseConfig } from '../config/base-config.schema';
import { ConfigError } from '../config/parse-config';
import { ReadinessState } from '../health/readiness-state';
import { createRootLogger } from '../logging/create-root-logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { configureApp } from './configure-app';
import { drainAndClose } from './graceful-shutdown';
import { createHttpAdapter, type HttpPlatform } from './http-platform';
import { releaseStartMemory } from './release-start-memory';
import type { Tracing } from '../tracing/tracing';
import { ServiceRootModule } from './service-kit.module';

/** How long after listening the start's memory is collected (see {@link releaseStartMemory}). */
const START_MEMORY_RELEASE_DELAY_MS = 1_000;

/** What a service's `main.ts` hands to {@link bootstrapService}. */
export interface ServiceBootstrapOptions<C extends BaseConfig> {
  /** The service name, as in the service catalog; tags every log line. */
  readonly name: string;
  /** The app's domain module; health, config and error handling come from the kit. */
  readonly module: Type<unknown> | DynamicModule;
  /** Reads the environment (the app's `loadConfig`); a ConfigError stops start-up with its message. */
  readonly loadConfig: () => C;
  /** The HTTP library the service runs on; `express` when omitted. */
  readonly http?: HttpPlatform;
  /** What `startTracing` returned, called before the app's modules loaded; no OpenTelemetry when omitted. */
  readonly tracing?: Tracing;
}

/**
 * Starts a service: parses config, installs the pino logger as Nest's, listens on HOST:PORT with a keep-alive
 * timeout above the balancers', and drains on SIGTERM/SIGINT, exiting 0 when every in-flight request finished
 * (1 when the shutdown timeout had to cut connections, or when start-up failed), after exporting the last spans.
 */
export async function bootstrapService<C extends BaseConfig>(options: ServiceBootstrapOptions<C>): Promise<void> {
  // An image build runs each build of the service once with LOAD_ONLY=true to fill Node's compile cache: the code
  // is loaded and compiled, nothing is started, and the process exits 0.
  if (process.env['LOAD_ONLY'] === 'true') return;
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    const { logger, flush } = createRootLogger({ service: options.name, level: 'info' });
    const message = error instanceof ConfigError ? error.message : String(error);
    logger.fatal({ err: error instanceof ConfigError ? undefined : error }, message);
    flush();
    process.exit(1);
  }
  const { logger, flush } = createRootLogger({ service: options.name, level: config.LOG_LEVEL });
  try {
    const root = ServiceRootModule.wrap(options.module, config, logger);
    const http = options.http ?? 'express';
    const app = await NestFactory.create(root, await createHttpAdapter(http, config), { bufferLogs: true, bodyParser: false });
    app.useLogger(new PinoNestLogger(logger));
    await configureApp(app, config, logger, options.tracing);
    await app.listen(config.PORT, config.HOST);
    const server: Server = app.getHttpServer();
    server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
    // Node must not give up on headers before its own keep-alive timeout, or it races the balancer's reuse.
    server.headersTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000;
    const address = server.address() as AddressInfo;
    logger.info({ host: address.address, port: address.port, http }, 'listening');
    if (options.tracing) logger.info({ endpoint: options.tracing.endpoint }, 'OpenTelemetry tracing on');
    // Patching only works from a module main.ts loads first; a late start would trace nothing.
    else if (config.OTEL_EXPORTER_OTLP_ENDPOINT) logger.warn('OTEL_EXPORTER_OTLP_ENDPOINT is set but main.ts passed no tracing: spans are off');

    const readiness = app.get(ReadinessState);
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutdown requested');
      drainAndClose({ app, server, readiness, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS })
        .then((outcome) => exit(outcome === 'drained' ? 0 : 1))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          exit(1);
        });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    // A second after listening: by then the first health checks are answered, and the collection's pause falls
    // before traffic, which a load balancer sends only once its own health checks have passed.
    setTimeout(() => void releaseStartMemory(), START_MEMORY_RELEASE_DELAY_MS).unref();
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    exit(1);
  }

  function exit(code: number): void {
    const exported = options.tracing?.shutdown() ?? Promise.resolve();
    void exported.finally(() => {
      flush();
      process.exit(code);
    });
  }
}
