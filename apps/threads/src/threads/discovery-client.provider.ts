import type { Provider } from '@nestjs/common';
import { createDiscoveryClient, DiscoveryClient } from '@forum/discovery';
import { getRequestId, ROOT_LOGGER, SERVICE_CONFIG } from '@forum/service-kit';
import type { Logger } from 'pino';
import type { ThreadsConfig } from '../config';

/**
 * One discovery client for the process, built from the parsed config; calls forward the incoming request's id,
 * and backend outages are logged once through the root logger. Nest closes it (its pools) on shutdown.
 */
export const discoveryClientProvider: Provider = {
  provide: DiscoveryClient,
  inject: [SERVICE_CONFIG, ROOT_LOGGER],
  useFactory: (config: ThreadsConfig, logger: Logger) =>
    createDiscoveryClient(config.discovery, { requestIdProvider: getRequestId, logger: logger.child({ module: 'discovery' }) }),
};
