import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { AttemptTimeoutError } from './failure-reason';

/** A complete response, body buffered. */
export interface BufferedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Service responses are small JSON documents; anything this big is a bug upstream, not data. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * One HTTP exchange through undici's dispatch API, buffering the body. This skips the stream and
 * abort-signal machinery of `request()` (a measurable share of per-call CPU for small JSON answers)
 * and enforces one precise deadline from dispatch to the last body byte: undici's own header and
 * body timeouts tick only about once a second.
 */
export function bufferedCall(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, timeoutMs: number): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    const handler = new BufferingHandler(resolve, reject, timeoutMs);
    dispatcher.dispatch(options, handler);
  });
}

class BufferingHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;
  private settled = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly resolve: (res: BufferedResponse) => void,
    private readonly reject: (err: unknown) => void,
    private readonly timeoutMs: number,
  ) {
    this.timer = setTimeout(onTimeout, timeoutMs, this);
  }

  /** Called by the timer; aborting makes undici report the error through onResponseError. */
  expire(): void {
    this.timedOut = true;
    if (this.controller !== undefined) this.controller.abort(new AttemptTimeoutError(this.timeoutMs, undefined));
    else this.fail(new AttemptTimeoutError(this.timeoutMs, undefined));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timedOut) controller.abort(new AttemptTimeoutError(this.timeoutMs, undefined));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
    this.chunks = [];
    this.size = 0;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > MAX_BODY_BYTES) return controller.abort(new Error(`response body larger than ${MAX_BODY_BYTES} bytes`));
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status, headers: this.headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(this.timedOut && !(error instanceof AttemptTimeoutError) ? new AttemptTimeoutError(this.timeoutMs, error) : error);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.reject(error);
  }
}

function onTimeout(handler: BufferingHandler): void {
  handler.expire();
}
