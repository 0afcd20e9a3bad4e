import type { RequestContextReader } from '../request/request-context';

/** OpenTelemetry as a running service sees it; see `startTracing`. */
export interface Tracing {
  /** The collector base URL spans go to. */
  readonly endpoint: string;
  /**
   * The context of a request, read inside OpenTelemetry's active span: its trace id is the span's, so logs and
   * spans share one id, and outgoing calls leave the trace headers to OpenTelemetry's propagator.
   */
  readonly readContext: RequestContextReader;
  /** Exports the spans still buffered and stops; bounded, so a dead collector cannot hold up a shutdown. */
  shutdown(): Promise<void>;
}
