/** One line of the gateway's JSON access log (`gateway_json` in nginx/templates/nginx.conf.template). */
export interface GatewayLine {
  requestId: string;
  traceId?: string;
  /** When nginx wrote the line (the request's end), epoch ms; `$time_iso8601` has whole seconds only. */
  endMs: number;
  /** `$request_time`, converted from seconds. */
  durationMs: number;
  method: string;
  uri: string;
  status: number;
  /** The service the gateway routed to; empty for its own answers (health, 404). */
  service: string;
}

/** A service's `request completed` / `request aborted` line (libs/service-kit). */
export interface RequestFields {
  method: string;
  route: string;
  /** Missing on fastify's abort line, written before the handler answered. */
  statusCode?: number;
  durationMs?: number;
  aborted: boolean;
}

/** One JSON line a service instance wrote, as the trace needs it. */
export interface ServiceLine {
  instanceId: string;
  service: string;
  level: string;
  /** pino's `time`: epoch ms when the line was written. */
  timeMs: number;
  requestId?: string;
  traceId?: string;
  msg: string;
  /** Set on the one line per request. */
  request?: RequestFields;
  /** What else the line holds, shown with a warning or error. */
  fields: Record<string, unknown>;
}

/** Fields every pino line has, or that the trace shows in columns of their own. */
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'pid', 'hostname', 'service', 'requestId', 'traceId', 'msg']);

/** True when `id` is the line's request id or trace id (trace ids are lowercase hex; any case is accepted). */
export function carriesId(line: { requestId?: string; traceId?: string }, id: string): boolean {
  return line.requestId === id || (line.traceId !== undefined && line.traceId === id.toLowerCase());
}

/** The gateway access line in `text`, or undefined for anything else (a partial or foreign line). */
export function parseGatewayLine(text: string): GatewayLine | undefined {
  const o = parseObject(text);
  if (!o || typeof o['requestId'] !== 'string' || typeof o['time'] !== 'string') return undefined;
  const endMs = Date.parse(o['time']);
  const seconds = Number(o['requestTime']);
  if (Number.isNaN(endMs) || !Number.isFinite(seconds)) return undefined;
  return {
    requestId: o['requestId'],
    traceId: nonEmpty(o['traceId']),
    endMs,
    durationMs: seconds * 1000,
    method: String(o['method'] ?? ''),
    uri: String(o['uri'] ?? ''),
    status: Number(o['status']),
    service: String(o['service'] ?? ''),
  };
}

/** The pino line in `text` written by `instanceId`, or undefined for anything else (stderr text, a partial line). */
export function parseServiceLine(text: string, instanceId: string): ServiceLine | undefined {
  const o = parseObject(text);
  if (!o || typeof o['time'] !== 'number') return undefined;
  const fields = Object.fromEntries(Object.entries(o).filter(([key]) => !SHOWN_ELSEWHERE.has(key)));
  return {
    instanceId,
    service: nonEmpty(o['service']) ?? instanceId.replace(/-\d+$/, ''),
    level: String(o['level'] ?? ''),
    timeMs: o['time'],
    requestId: nonEmpty(o['requestId']),
    traceId: nonEmpty(o['traceId']),
    msg: String(o['msg'] ?? ''),
    request: requestFields(o),
    fields,
  };
}

function requestFields(o: Record<string, unknown>): RequestFields | undefined {
  const { method, route, statusCode, durationMs, aborted } = o;
  if (typeof method !== 'string' || typeof route !== 'string') return undefined;
  if (typeof statusCode !== 'number' && aborted !== true) return undefined;
  return {
    method,
    route,
    statusCode: typeof statusCode === 'number' ? statusCode : undefined,
    durationMs: typeof durationMs === 'number' ? durationMs : undefined,
    aborted: aborted === true,
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
