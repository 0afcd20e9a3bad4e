import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import type { BaseConfig } from '../config/base-config.schema';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { HealthController } from '../health/health.controller';
import { ReadinessState } from '../health/readiness-state';

/** Provides the config, readiness state and health routes to every module of a service. */
@Global()
@Module({})
export class ServiceKitModule {
  /** Registers `config` under {@link SERVICE_CONFIG} for the whole application. */
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }, ReadinessState],
      exports: [SERVICE_CONFIG, ReadinessState],
    };
  }
}

/** The root of a running service: the kit plus the app's own module. */
@Module({})
export class ServiceRootModule {
  /** Combines the app's domain module with the kit, so apps never wire health or config themselves. */
  static wrap(appModule: Type<unknown> | DynamicModule, config: BaseConfig): DynamicModule {
    return { module: ServiceRootModule, imports: [ServiceKitModule.forRoot(config), appModule] };
  }
}
