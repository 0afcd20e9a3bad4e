import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const REQUEST = 'b7ad6b71-6a1c-4d2b-9c55-0d2f4b1a8e01';
/** Both ids of the traced request, as every line of it carries them. */
export const ids = { requestId: REQUEST, traceId: TRACE };
/** A whole second: nginx's access log time has no finer part. */
export const SECOND = Date.parse('2026-12-01T08:20:01.000Z');

/** Who calls whom, as in the services' service.json files. */
export const CALLS: Record<string, readonly string[]> = { posts: ['users', 'threads'], threads: ['users'], users: [] };
export const calls = (service: string) => CALLS[service];

/** A gateway access line as nginx.conf.template writes it: `time` in whole seconds, `requestTime` in seconds. */
export function gatewayLine(o: { requestId: string; traceId?: string; endMs: number; requestTimeMs: number; method: string; uri: string; status: number; service: string }): string {
  const time = new Date(Math.floor(o.endMs / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
  return JSON.stringify({
    time,
    requestId: o.requestId,
    ...(o.traceId ? { traceId: o.traceId } : {}),
    remoteAddr: '127.0.0.1',
    method: o.method,
    uri: o.uri,
    status: o.status,
    bytesSent: 42,
    requestTime: o.requestTimeMs / 1000,
    service: o.service,
    upstreamAddr: '127.0.0.2:3000',
    upstreamStatus: String(o.status),
    upstreamConnectTime: '0.000',
    upstreamResponseTime: (o.requestTimeMs / 1000).toFixed(3),
  });
}

/** A service's one line per request (libs/service-kit), written when the response ended. */
export function requestLine(o: { service: string; requestId: string; traceId?: string; startMs: number; durationMs: number; method: string; route: string; statusCode: number; aborted?: boolean }): string {
  const { service, requestId, traceId, startMs, durationMs, method, route, statusCode, aborted } = o;
  return JSON.stringify({
    level: aborted ? 'warn' : 'info',
    time: Math.round(startMs + durationMs),
    pid: 4242,
    hostname: 'box',
    service,
    requestId,
    ...(traceId ? { traceId } : {}),
    method,
    route,
    statusCode,
    durationMs,
    ...(aborted ? { aborted: true } : {}),
    msg: aborted ? 'request aborted' : 'request completed',
  });
}

/** Any other pino line. */
export function otherLine(o: { service: string; level: string; timeMs: number; msg: string; requestId?: string; traceId?: string; fields?: object }): string {
  const { service, level, timeMs, msg, requestId, traceId, fields } = o;
  return JSON.stringify({ level, time: timeMs, pid: 4242, hostname: 'box', service, requestId, traceId, ...fields, msg });
}

/** Writes `<stateDir>/logs/<name>` for each entry, one line per element. */
export async function writeLogs(stateDir: string, files: Record<string, string[]>): Promise<void> {
  const logDir = join(stateDir, 'logs');
  await mkdir(logDir, { recursive: true });
  for (const [name, lines] of Object.entries(files)) await writeFile(join(logDir, name), lines.map((l) => `${l}\n`).join(''));
}
