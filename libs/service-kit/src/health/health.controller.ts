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

  /** Readiness: 200 while serving; 503 while a dependency is starting, and once draining so balancers stop sending. */
  @Get('ready')
  ready(): { status: 'ready' } {
    const reason = this.readiness.notReadyReason;
    if (reason !== undefined) throw new ServiceUnavailableException(reason);
    return { status: 'ready' };
  }
}
