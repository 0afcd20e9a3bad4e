import { connect } from 'node:net';

/** A response read off a raw socket. */
export interface RawResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A request whose first part is on the wire; the server is waiting for the rest. */
export interface PartialRequest {
  /** Sends the rest and reads the response. */
  finish(): Promise<RawResponse>;
}

/** What to send in {@link startPartialRequest}. */
export interface PartialRequestOptions {
  readonly host: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** A JSON body; without one the request is held back before its final header line. */
  readonly body?: unknown;
  /**
   * Complete a `GET /health` on the connection first, so the partial request arrives on an idle keep-alive
   * connection, as from a balancer's pool; a fresh connection when omitted.
   */
  readonly reuseKeepAlive?: boolean;
}

/**
 * Opens a connection and sends a request only in part (half its body, or its headers without the terminating blank
 * line), so a test can make something happen (a SIGTERM) while the request is in flight, then complete it.
 */
export function startPartialRequest(options: PartialRequestOptions): Promise<PartialRequest> {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string> = { host: `${options.host}:${options.port}`, ...options.headers };
  if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  const head = `${options.method} ${options.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}`;
  const raw = `${head}\r\n${body}`;
  const split = body ? head.length + 2 + Math.floor(body.length / 2) : head.length;
  return new Promise((resolve, reject) => {
    const socket = connect(options.port, options.host);
    let received = '';
    let onResponse: (response: RawResponse) => void = () => undefined;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      const parsed = parseResponse(received);
      if (!parsed) return;
      received = '';
      onResponse(parsed);
    });
    const nextResponse = () => new Promise<RawResponse>((done) => (onResponse = done));
    const response = new Promise<RawResponse>((done, fail) => {
      const cut = (error: Error) => {
        fail(error);
        reject(error);
      };
      socket.once('error', cut);
      socket.once('end', () => cut(new Error(`connection closed before a full response: ${received}`)));
      socket.once('connect', async () => {
        if (options.reuseKeepAlive) {
          const warmUp = nextResponse();
          socket.write(`GET /health HTTP/1.1\r\nhost: ${headers['host']}\r\n\r\n`);
          await warmUp;
        }
        const answer = nextResponse();
        socket.write(raw.slice(0, split), () => resolve({ finish }));
        done(await answer);
        socket.destroy();
      });
    });
    // A request that is never finished may see its connection cut; that is only an error for a caller awaiting it.
    response.catch(() => undefined);
    function finish(): Promise<RawResponse> {
      socket.write(raw.slice(split));
      return response;
    }
  });
}

function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = text.slice(end + 4);
  const length = Number(headers['content-length'] ?? 0);
  if (Buffer.byteLength(body) < length) return undefined;
  return { statusCode: Number(statusLine.split(' ')[1]), headers, body };
}
