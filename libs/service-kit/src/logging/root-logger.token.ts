/**
 * Injection token for the process's root pino logger, so providers that log outside a request (a discovery client
 * reporting a backend outage, say) write through the same logger: `@Inject(ROOT_LOGGER) logger: Logger`.
 */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
