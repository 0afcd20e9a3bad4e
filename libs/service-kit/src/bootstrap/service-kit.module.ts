import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base-config.schema';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { HealthController } from '../health/health.controller';
import { ReadinessState } from '../health/readiness-state';
import { ROOT_LOGGER } from '../logging/root-logger.token';

/** Provides the config, root logger, readiness state and health routes to every module of a service. */
@Global()
@Module({})
export class ServiceKitModule {
  /** Registers `config` under {@link SERVICE_CONFIG} and `logger` under {@link ROOT_LOGGER} for the whole application. */
  static forRoot(config: BaseConfig, logger: Logger): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }, { provide: ROOT_LOGGER, useValue: logger }, ReadinessState],
      exports: [SERVICE_CONFIG, ROOT_LOGGER, ReadinessState],
    };
  }
}

/** The root of a running service: the kit plus the app's own module. */
@Module({})
export class ServiceRootModule {
  /** Combines the app's domain module with the kit, so apps never wire health or config themselves. */
  static wrap(appModule: Type<unknown> | DynamicModule, config: BaseConfig, logger: Logger): DynamicModule {
    return { module: ServiceRootModule, imports: [ServiceKitModule.forRoot(config, logger), appModule] };
  }
}
