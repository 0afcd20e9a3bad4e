/** Injection token for the service's parsed config (`@Inject(SERVICE_CONFIG) config: MyConfig`). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
