import type { ServiceDefinition } from '@forum/service-catalog';

/**
 * The `GATEWAY_SERVICES` value the render script expects (`name:port:routePrefix`, comma-separated), built from
 * catalog entries so nginx routes are never typed by hand.
 */
export function gatewayServicesValue(services: readonly ServiceDefinition[]): string {
  if (services.length === 0) throw new Error('the gateway needs at least one service to route');
  return services.map((s) => `${s.name}:${s.port}:${s.routePrefix}`).join(',');
}
