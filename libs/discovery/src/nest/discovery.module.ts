import { Module, type DynamicModule } from '@nestjs/common';
import { createDiscoveryClient, type DiscoveryExtras } from '../config/create-discovery-client';
import type { DiscoveryConfig } from '../config/discovery-config';
import { DiscoveryClient } from '../discovery-client';

/**
 * Provides one `DiscoveryClient` to the whole app (inject it by class), closed on shutdown:
 * `DiscoveryModule.forRoot(config.discovery, { requestIdProvider: getRequestId, logger })`.
 */
@Module({})
export class DiscoveryModule {
  /** Registers the client globally from typed config and process-level extras. */
  static forRoot(config: DiscoveryConfig, extras: DiscoveryExtras = {}): DynamicModule {
    return {
      module: DiscoveryModule,
      global: true,
      providers: [{ provide: DiscoveryClient, useFactory: () => createDiscoveryClient(config, extras) }],
      exports: [DiscoveryClient],
    };
  }
}
