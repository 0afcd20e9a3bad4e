import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { getRequestId, getTraceHeaders, ROOT_LOGGER, SERVICE_CONFIG } from '@forum/service-kit';
import type { Logger } from 'pino';
import { createDiscoveryClient, type DiscoveryExtras } from '../config/create-discovery-client';
import type { DiscoveryConfig } from '../config/discovery-config';
import { DiscoveryClient } from '../discovery-client';

/** What {@link DiscoveryModule.forRootAsync} builds the client from. */
export interface DiscoveryModuleSettings {
  readonly config: DiscoveryConfig;
  /** Request id source, logger, dispatcher; none when omitted. */
  readonly extras?: DiscoveryExtras;
}

/** Options for {@link DiscoveryModule.forRootAsync}: a factory over injected providers, as in other Nest modules. */
export interface DiscoveryModuleAsyncOptions {
  /** Modules exporting what `inject` names; global providers (the kit's) need none. */
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: InjectionToken[];
  readonly useFactory: (...args: never[]) => DiscoveryModuleSettings | Promise<DiscoveryModuleSettings>;
}

/**
 * Provides one `DiscoveryClient` to the whole app (inject it by class), closed on shutdown. Inside a service built on
 * `@forum/service-kit`, `DiscoveryModule.forService()` is the one line a domain module needs.
 */
@Module({})
export class DiscoveryModule {
  /** Registers the client globally from typed config and process-level extras. */
  static forRoot(config: DiscoveryConfig, extras: DiscoveryExtras = {}): DynamicModule {
    return DiscoveryModule.forRootAsync({ useFactory: () => ({ config, extras }) });
  }

  /** Registers the client globally from settings a factory builds out of injected providers. */
  static forRootAsync(options: DiscoveryModuleAsyncOptions): DynamicModule {
    return {
      module: DiscoveryModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: DiscoveryClient,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => {
            const { config, extras } = await options.useFactory(...args);
            return createDiscoveryClient(config, extras);
          },
        },
      ],
      exports: [DiscoveryClient],
    };
  }

  /**
   * The client a kit-built service needs: settings from the `discovery` field of its parsed config, calls
   * forwarding the incoming request's id and continuing its trace, and backend outages logged through a `discovery` child of the root logger.
   */
  static forService(): DynamicModule {
    return DiscoveryModule.forRootAsync({
      inject: [SERVICE_CONFIG, ROOT_LOGGER],
      useFactory: (config: { readonly discovery: DiscoveryConfig }, logger: Logger) => ({
        config: config.discovery,
        extras: { requestIdProvider: getRequestId, traceHeadersProvider: getTraceHeaders, logger: logger.child({ module: 'discovery' }) },
      }),
    });
  }
}
