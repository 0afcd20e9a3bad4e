import { endOf, type Trace, type TraceHop, type TraceNote } from './trace-hop';
import type { GatewayLine, ServiceLine } from './trace-log-line';

/**
 * Slack when comparing times: a service's `time` is a whole millisecond while its duration has fractions, so a
 * callee can seem to start or end a little outside its caller.
 */
const TOLERANCE_MS = 2;

/**
 * A callee logs its line once its response has been written; on a busy machine that can come after its caller has
 * read the answer and finished, so a callee may seem to outlast its caller by this much.
 */
const CALLEE_END_SLACK_MS = 20;

/**
 * How far a service's request may seem to reach outside its gateway line's window: a service's duration ends when
 * its own event loop gets to it, which on a busy machine can be well after nginx has sent the answer.
 */
const GATEWAY_WINDOW_SLACK_MS = 1000;

/** The services a service calls (its `calls` in service.json); undefined for one the catalog does not know. */
export type CallGraph = (service: string) => readonly string[] | undefined;

interface GatewayHop {
  line: GatewayLine;
  hop: TraceHop;
}

/**
 * Arranges the lines of one id into hops: each service request line becomes a hop, nested under the hop that
 * called it, and the top-level ones under the gateway line they came through. The logs name no caller, so it is
 * inferred: the caller's request encloses the callee's in time and its service calls the callee's in the catalog.
 * When several hops qualify (posts calls users and threads at once, and the threads request happens to enclose the
 * users one) the outermost is taken: a fan-out is far more common here than a chain through the same services.
 */
export function buildTrace(id: string, gatewayLines: readonly GatewayLine[], serviceLines: readonly ServiceLine[], calls: CallGraph): Trace {
  const serviceHops = serviceLines.flatMap(toServiceHop).sort(byStart);
  const topLevel: TraceHop[] = [];
  for (const hop of serviceHops) (callerOf(hop, serviceHops, calls)?.children ?? topLevel).push(hop);

  const gateways = gatewayLines.map(toGatewayHop);
  const roots: TraceHop[] = [];
  for (const hop of topLevel) (gatewayOf(hop, gateways)?.hop.children ?? roots).push(hop);
  for (const gateway of gateways) placeGateway(gateway);
  roots.push(...gateways.map((g) => g.hop));
  roots.sort(byStart);

  const unattached = attachNotes(serviceLines.filter((line) => !line.request), serviceHops);
  return { id, roots, unattached };
}

function toServiceHop(line: ServiceLine): TraceHop[] {
  const request = line.request;
  if (!request) return [];
  return [
    {
      hop: line.instanceId,
      service: line.service,
      requestId: line.requestId,
      traceId: line.traceId,
      method: request.method,
      target: request.route,
      status: request.statusCode,
      aborted: request.aborted,
      // The line is written when the response ends.
      startMs: line.timeMs - (request.durationMs ?? 0),
      durationMs: request.durationMs,
      notes: [],
      children: [],
    },
  ];
}

function toGatewayHop(line: GatewayLine): GatewayHop {
  const hop: TraceHop = {
    hop: 'gateway',
    service: line.service,
    requestId: line.requestId,
    traceId: line.traceId,
    method: line.method,
    target: line.uri,
    status: line.status,
    aborted: false,
    startMs: line.endMs - line.durationMs,
    durationMs: line.durationMs,
    notes: [],
    children: [],
  };
  return { line, hop };
}

function callerOf(hop: TraceHop, all: readonly TraceHop[], calls: CallGraph): TraceHop | undefined {
  // `all` is in start order, so the first candidate is the outermost.
  return all.find(
    (caller) =>
      caller.hop !== hop.hop &&
      mayCall(calls, caller.service, hop.service) &&
      sameRequest(caller, hop) &&
      caller.startMs <= hop.startMs + TOLERANCE_MS &&
      endOf(caller) >= endOf(hop) - CALLEE_END_SLACK_MS &&
      outlasts(caller, hop),
  );
}

function mayCall(calls: CallGraph, caller: string, callee: string): boolean {
  const callees = calls(caller);
  return callees === undefined || callees.includes(callee);
}

/** Hops of one request share its request id, forwarded as X-Request-Id on every call. */
function sameRequest(a: { requestId?: string }, b: { requestId?: string }): boolean {
  return a.requestId === undefined || b.requestId === undefined || a.requestId === b.requestId;
}

/** A strict order, so two hops with nearly equal times cannot each be the other's caller. */
function outlasts(caller: TraceHop, callee: TraceHop): boolean {
  const a = caller.durationMs ?? 0;
  const b = callee.durationMs ?? 0;
  return a > b || (a === b && caller.startMs < callee.startMs);
}

/** The gateway line a top-level service hop came through: same request id, near the line's whole-second window. */
function gatewayOf(hop: TraceHop, gateways: readonly GatewayHop[]): GatewayHop | undefined {
  const fits = gateways.filter(
    ({ line }) =>
      sameRequest(hop, line) &&
      hop.startMs >= line.endMs - line.durationMs - GATEWAY_WINDOW_SLACK_MS &&
      endOf(hop) <= line.endMs + 1000 + GATEWAY_WINDOW_SLACK_MS,
  );
  const distance = (g: GatewayHop) => (g.line.service === hop.service ? 0 : 1e9) + Math.abs(endOf(hop) - g.line.endMs);
  return fits.sort((a, b) => distance(a) - distance(b))[0];
}

/**
 * nginx's `$time_iso8601` is in whole seconds, so the gateway's end is only known to lie in [time, time + 1 s).
 * With hops under it, it is taken to end with the last of them (its upstream answer) and moved earlier if needed so
 * it starts no later than the first; without, it is taken to end at `time`.
 */
function placeGateway({ line, hop }: GatewayHop): void {
  if (hop.children.length === 0) return;
  const lastEnd = Math.max(...hop.children.map(endOf));
  const end = Math.min(Math.max(lastEnd, line.endMs), line.endMs + 999);
  hop.startMs = Math.min(end - line.durationMs, ...hop.children.map((c) => c.startMs));
}

/** Puts each non-request line under its instance's hop that was running when it was written (else the nearest). */
function attachNotes(lines: readonly ServiceLine[], hops: readonly TraceHop[]): TraceNote[] {
  const unattached: TraceNote[] = [];
  for (const line of [...lines].sort((a, b) => a.timeMs - b.timeMs)) {
    const note: TraceNote = { instanceId: line.instanceId, level: line.level, timeMs: line.timeMs, msg: line.msg, fields: line.fields };
    const own = hops.filter((h) => h.hop === line.instanceId && sameRequest(h, line));
    const gap = (h: TraceHop) => Math.max(0, h.startMs - TOLERANCE_MS - line.timeMs, line.timeMs - endOf(h) - TOLERANCE_MS);
    const best = own.sort((a, b) => gap(a) - gap(b) || (a.durationMs ?? 0) - (b.durationMs ?? 0))[0];
    (best?.notes ?? unattached).push(note);
  }
  return unattached;
}

function byStart(a: TraceHop, b: TraceHop): number {
  return a.startMs - b.startMs;
}
