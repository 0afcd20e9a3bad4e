import { readRequestContext } from './request-context';
import { newSpanId, newTraceId, outgoingTraceHeaders } from './trace-context';

// As resolveRequestId leaves them: a caller's own id, echoed in the header.
const trace = (traceparent: string | undefined, tracestate: string) => readRequestContext('r', { 'x-request-id': 'r', traceparent, tracestate });

describe('readRequestContext', () => {
  it('keeps the trace id, parent span, flags and tracestate of a valid traceparent', () => {
    expect(trace('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'congo=t61rcWkgMzE')).toEqual({
      requestId: 'r',
      sendTraceHeaders: true,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      traceFlags: '01',
      tracestate: 'congo=t61rcWkgMzE',
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['garbage', 'abc'],
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['another version', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['trailing text', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x'],
    ['two headers joined', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  ])('starts a new sampled trace, without the tracestate, when the traceparent is %s', (_case, traceparent) => {
    const started = trace(traceparent, 'congo=t61rcWkgMzE');
    expect(started).toEqual({
      requestId: 'r',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      parentSpanId: undefined,
      traceFlags: '01',
      tracestate: undefined,
      sendTraceHeaders: true,
    });
    expect(started.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('takes a request id made here as the trace id of a new trace, as the gateway does with $request_id', () => {
    const made = '0af7651916cd43dd8448eb211c80319c';
    expect(readRequestContext(made, {}).traceId).toBe(made);
    expect(readRequestContext(made, { 'x-request-id': 'a b"c' }).traceId).toBe(made);
    // A caller's id may come twice, and an id of another shape is no trace id: both get a trace id of their own.
    expect(readRequestContext(made, { 'x-request-id': made }).traceId).not.toBe(made);
    expect(readRequestContext('r-1', {}).traceId).toMatch(/^[0-9a-f]{32}$/);
    // A valid traceparent always wins.
    expect(readRequestContext(made, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('makes distinct, valid ids', () => {
    const traces = new Set(Array.from({ length: 1000 }, newTraceId));
    const spans = new Set(Array.from({ length: 1000 }, newSpanId));
    expect(traces.size).toBe(1000);
    expect(spans.size).toBe(1000);
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
    for (const id of spans) expect(id).not.toBe('0000000000000000');
  });
});

describe('outgoingTraceHeaders', () => {
  it('continues the trace with a new span id per call and passes tracestate on', () => {
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', traceFlags: '01', tracestate: 'a=1' };
    const first = outgoingTraceHeaders(trace);
    const second = outgoingTraceHeaders(trace);
    expect(first.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(second.traceparent).not.toBe(first.traceparent);
    expect(first.tracestate).toBe('a=1');
    expect(outgoingTraceHeaders({ ...trace, tracestate: undefined })).toEqual({ traceparent: expect.any(String) });
  });
});
