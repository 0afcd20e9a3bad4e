import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ReadinessState } from './readiness-state';

/** Liveness and readiness for the ECS health check and the load balancer. */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessState) {}

  /** Liveness: the process answers HTTP. Never fails while the event loop runs, so ECS never kills a draining task. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 while serving, 503 once draining so balancers stop sending new requests. */
  @Get('ready')
  ready(): { status: 'ready' } {
    if (this.readiness.draining) throw new ServiceUnavailableException('draining: shutting down');
    return { status: 'ready' };
  }
}
