import { AllInstancesFailedError, CallTimeoutError, InvalidResponseError, type FailedAttempt } from '../errors/discovery-errors';
import type { ServiceInstance } from '../service-instance';
import type { CallContext } from './call-context';
import { bufferedCall } from './buffered-call';
import { failureReason, shouldEject } from './failure-reason';
import type { CallOptions, HttpMethod, ServiceResponse } from './service-response';

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * Calls one service by name: picks an instance (round robin, skipping ejected ones), sends over a
 * keep-alive pool, parses JSON, forwards `X-Request-Id` and the W3C trace headers (one span id per call, kept
 * on its retry), and retries GET and HEAD once on another
 * instance when the first refuses, resets or times out. Non-2xx answers are returned, not thrown.
 */
export class ServiceClient {
  constructor(
    private readonly ctx: CallContext,
    /** The service this client calls. */
    readonly service: string,
  ) {}

  /** GET `path` (with its query string) from an instance. */
  get<T = unknown>(path: string, options?: CallOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  /** HEAD `path`; the body is always undefined. */
  head(path: string, options?: CallOptions): Promise<ServiceResponse<undefined>> {
    return this.request<undefined>('HEAD', path, options);
  }

  /** POST `path`, usually with `options.json`. */
  post<T = unknown>(path: string, options?: CallOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('POST', path, options);
  }

  /** PUT `path`. */
  put<T = unknown>(path: string, options?: CallOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('PUT', path, options);
  }

  /** PATCH `path`. */
  patch<T = unknown>(path: string, options?: CallOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('PATCH', path, options);
  }

  /** DELETE `path`. */
  delete<T = unknown>(path: string, options?: CallOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  /** Sends any method; throws a `DiscoveryError` when no instance could be found or reached. */
  async request<T = unknown>(method: HttpMethod, path: string, options?: CallOptions): Promise<ServiceResponse<T>> {
    const { cache, balancer } = this.ctx;
    const instances = cache.peek(this.service) ?? (await cache.lookup(this.service));
    const first = balancer.pick(this.service, instances) as ServiceInstance;
    const timeoutMs = options?.timeoutMs ?? this.ctx.timeoutMs;
    const headers = this.headersFor(options);
    const body = options?.json !== undefined ? JSON.stringify(options.json) : options?.body;
    try {
      return await this.attempt<T>(first, method, path, headers, body, timeoutMs);
    } catch (err) {
      const failed = this.recordFailure(first, err);
      const retryOn = method === 'GET' || method === 'HEAD' ? balancer.pick(this.service, instances, first) : undefined;
      if (retryOn === undefined) throw this.finalError([failed], timeoutMs);
      try {
        return await this.attempt<T>(retryOn, method, path, headers, body, timeoutMs);
      } catch (retryErr) {
        throw this.finalError([failed, this.recordFailure(retryOn, retryErr)], timeoutMs);
      }
    }
  }

  private async attempt<T>(
    instance: ServiceInstance,
    method: HttpMethod,
    path: string,
    headers: Record<string, string> | undefined,
    body: string | Buffer | undefined,
    timeoutMs: number,
  ): Promise<ServiceResponse<T>> {
    const res = await bufferedCall(this.ctx.dispatcher, { origin: instance.origin, path, method, headers, body }, timeoutMs);
    const status = res.status;
    const ok = status >= 200 && status < 300;
    const type = res.headers['content-type'];
    if (method === 'HEAD' || res.body.length === 0) return { status, ok, headers: res.headers, body: undefined as T, instance };
    const text = res.body.toString('utf8');
    if (typeof type !== 'string' || !type.includes('json')) return { status, ok, headers: res.headers, body: text as T, instance };
    try {
      return { status, ok, headers: res.headers, body: JSON.parse(text) as T, instance };
    } catch (err) {
      throw new InvalidResponseError(this.service, this.ctx.backendName, instance, err);
    }
  }

  private headersFor(options: CallOptions | undefined): Record<string, string> | undefined {
    const requestId = this.ctx.requestIdProvider?.();
    const trace = this.ctx.traceHeadersProvider?.();
    if (options?.headers === undefined && options?.json === undefined && trace === undefined) {
      return requestId === undefined ? undefined : { 'x-request-id': requestId };
    }
    const headers: Record<string, string> = { ...(options?.json !== undefined ? JSON_HEADERS : undefined) };
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    if (trace !== undefined) {
      headers['traceparent'] = trace.traceparent;
      if (trace.tracestate !== undefined) headers['tracestate'] = trace.tracestate;
    }
    return options?.headers === undefined ? headers : Object.assign(headers, options.headers);
  }

  /** Ejects the instance when the failure says it is down; rethrows anything that is not a transport failure. */
  private recordFailure(instance: ServiceInstance, err: unknown): FailedAttempt {
    const reason = failureReason(err);
    if (reason === undefined) throw err;
    if (shouldEject(reason)) {
      this.ctx.balancer.eject(instance);
      this.ctx.cache.invalidate(this.service);
    }
    return { instance, reason, cause: err };
  }

  private finalError(attempts: readonly FailedAttempt[], timeoutMs: number): AllInstancesFailedError {
    const last = attempts[attempts.length - 1];
    return last.reason === 'timeout'
      ? new CallTimeoutError(this.service, this.ctx.backendName, attempts, timeoutMs)
      : new AllInstancesFailedError(this.service, this.ctx.backendName, attempts);
  }
}
