/** A non-request line (a warning, an error) written while serving a hop. */
export interface TraceNote {
  instanceId: string;
  level: string;
  /** Epoch ms. */
  timeMs: number;
  msg: string;
  fields: Record<string, unknown>;
}

/** One hop of a request's path: the gateway, or one service instance serving one request. */
export interface TraceHop {
  /** `gateway`, or the instance id (`users-1`). */
  hop: string;
  service: string;
  requestId?: string;
  traceId?: string;
  method: string;
  /** The gateway's URI, or the service's route pattern (`/api/users/:id`). */
  target: string;
  status?: number;
  aborted: boolean;
  /** Epoch ms; the gateway's is inferred (see `placeGateway`). */
  startMs: number;
  durationMs?: number;
  notes: TraceNote[];
  /** Hops this one called, in start order. */
  children: TraceHop[];
}

/** Everything the logs say about one id. */
export interface Trace {
  id: string;
  /** Gateway hops, and service hops no gateway line accounts for (a request sent to an instance directly). */
  roots: TraceHop[];
  /** Lines with the id from an instance that logged no request line for it. */
  unattached: TraceNote[];
}

/** When a hop ended, epoch ms. */
export function endOf(hop: TraceHop): number {
  return hop.startMs + (hop.durationMs ?? 0);
}
