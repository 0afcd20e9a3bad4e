import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CloudMapError } from '../registry/cloud-map-error';
import { cloudMapOperations, type OperationContext } from './cloud-map-operations';

/** The X-Amz-Target prefix of every Cloud Map operation (its API version). */
const TARGET_PREFIX = 'Route53AutoNaming_v20170314.';
const JSON_11 = 'application/x-amz-json-1.1';
/** Requests are tiny; a bigger body is a mistake, not a registration. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP server speaking Cloud Map's AWS JSON 1.1 protocol: `POST /` with `X-Amz-Target`, errors as
 * HTTP 400 with `__type` and `Message`, which is what lets the real SDK raise its real exception classes.
 * `GET /health` answers 200 so a runner can wait for it.
 */
export function createApiServer(ctx: OperationContext): Server {
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.method !== 'POST') return sendError(res, new CloudMapError('UnknownOperationException', `${req.method} is not supported; send POST / with X-Amz-Target`));
    readBody(req)
      .then((body) => send(res, 200, dispatch(ctx, String(req.headers['x-amz-target'] ?? ''), body)))
      .catch((err: unknown) => sendError(res, err));
  });
}

function dispatch(ctx: OperationContext, target: string, body: string): unknown {
  const operation = target.startsWith(TARGET_PREFIX) ? cloudMapOperations[target.slice(TARGET_PREFIX.length)] : undefined;
  if (!operation) throw new CloudMapError('UnknownOperationException', `Unknown operation ${JSON.stringify(target)}`);
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    throw new CloudMapError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CloudMapError('SerializationException', 'Request body must be a JSON object');
  }
  return operation(ctx, input as Record<string, unknown>);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new CloudMapError('SerializationException', `Request body is larger than ${MAX_BODY_BYTES} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(body);
}

function sendError(res: ServerResponse, err: unknown): void {
  const error =
    err instanceof CloudMapError ? err : new CloudMapError('InternalFailure', err instanceof Error ? err.message : String(err), 500);
  send(res, error.statusCode, { __type: error.type, Message: error.message }, error.type);
}
