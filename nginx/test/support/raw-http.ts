import { connect } from 'node:net';

/** A response read off the wire: nginx answers some malformed requests before any HTTP client would send them. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Writes `request` as-is to `host:port` and reads until nginx closes the connection (send `Connection: close`, or a
 * request nginx rejects). Header names are lower-cased; a chunked body is returned undecoded.
 */
export function rawRequest(host: string, port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error(`no complete answer to ${JSON.stringify(request.slice(0, 60))} within 5 s`)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, split === -1 ? text.length : split).split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
      const headers = Object.fromEntries(
        headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status, headers, body: split === -1 ? '' : text.slice(split + 4) });
    });
    socket.write(request);
  });
}
