import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createRootLogger } from '../src/logging/create-root-logger';
import { getTraceHeaders, readRequestContext, requestContextStorage } from '../src/request/request-context';
import { resolveRequestId } from '../src/request/request-id';
import { requestLineLogger } from '../src/request/request-line-logger';

// `npm run bench:tracing`: what the kit's trace context adds to one request, in ns per operation, measured in a loop
// (the whole-request figures come from `npm run bench:services`, see the README). No network, no other process.

const ITERATIONS = 500_000;
const headers = { 'x-request-id': '0af7651916cd43dd8448eb211c80319c', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
const requestId = headers['x-request-id'];

/** Median ns per call of `op` over five rounds, after a warm-up round. */
function nsPerOp(op: () => unknown): number {
  const rounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) op();
    if (round > 0) rounds.push(Number(process.hrtime.bigint() - started) / ITERATIONS);
  }
  return rounds.sort((a, b) => a - b)[2];
}

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/** The root logger as it was before the trace id: the same options without the mixin. */
function loggerWithoutMixin(): Logger {
  const options = { base: { service: 'bench' }, formatters: { level: (label: string) => ({ level: label }) } };
  return pino({ ...options, redact: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie'] }, nullStream());
}

function main(): void {
  const root = createRootLogger({ service: 'bench', level: 'info', destination: nullStream() }).logger;
  const lineLogger = requestLineLogger(root);
  const plainRoot = loggerWithoutMixin();
  const before = requestLineLogger(plainRoot);
  const context = readRequestContext(headers['x-request-id'], headers);
  const rows: [string, number][] = [
    ['request id only (before)', nsPerOp(() => ({ requestId: resolveRequestId(headers['x-request-id']) }))],
    ['request context, valid traceparent', nsPerOp(() => readRequestContext(resolveRequestId(headers['x-request-id']), headers))],
    ['request context, caller\'s id, no traceparent (new trace id)', nsPerOp(() => readRequestContext(resolveRequestId(headers['x-request-id']), { 'x-request-id': requestId }))],
    ['request context, neither header (new id is the trace id)', nsPerOp(() => readRequestContext(resolveRequestId(undefined), {}))],
    ['request line (before)', nsPerOp(() => before.info({ requestId, method: 'GET', route: '/api/users/:id', statusCode: 200, durationMs: 1.23 }, 'request completed'))],
    ['request line with traceId', nsPerOp(() => lineLogger.info({ requestId, traceId: context.traceId, method: 'GET', route: '/api/users/:id', statusCode: 200, durationMs: 1.23 }, 'request completed'))],
    ['handler line outside a request (mixin adds nothing)', nsPerOp(() => root.info({ userId: 1 }, 'user read'))],
    ['handler line, before (no mixin)', nsPerOp(() => plainRoot.info({ userId: 1 }, 'user read'))],
    ['handler line in a request, + requestId and traceId', nsPerOp(() => requestContextStorage.run(context, () => root.info({ userId: 1 }, 'user read')))],
    ['context run alone (subtract from the row above)', nsPerOp(() => requestContextStorage.run(context, () => undefined))],
    ['trace headers for one outgoing call', nsPerOp(() => requestContextStorage.run(context, getTraceHeaders))],
  ];
  process.stdout.write(`tracing micro-benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${ITERATIONS} iterations, median of 5\n`);
  for (const [name, ns] of rows) process.stdout.write(`${name.padEnd(62)} ${ns.toFixed(0).padStart(6)} ns\n`);
}

main();
