import { StreamableFile } from '@nestjs/common';
import type { ExpressAdapter } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

/**
 * Express's adapter, with the JSON replies of a kit service written directly. Nest answers a handler's object with
 * `res.json`, which sets the Content-Type through a MIME lookup, then `res.send` parses that Content-Type back to add
 * a charset, measures the body, and checks freshness: about a tenth of a read's CPU, to produce the same two headers
 * every time. The direct path writes what Express would for a JSON object (`application/json; charset=utf-8`, the
 * Content-Length, no body on HEAD); anything else (no body, strings, streams, errors, a Content-Type a handler set,
 * 204/205/304, or an app that turned on ETags or JSON settings) goes to Express as before.
 *
 * A class factory, so this module loads nothing of Express: services on fastify never load the package.
 */
export function withDirectJsonReplies(Base: typeof ExpressAdapter): typeof ExpressAdapter {
  return class DirectJsonExpressAdapter extends Base {
    override reply(response: Response, body: unknown, statusCode?: number): unknown {
      if (statusCode) response.status(statusCode);
      const json = writesDirectly(response, body) ? JSON.stringify(body) : undefined;
      if (json === undefined) return super.reply(response, body);
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.setHeader('Content-Length', Buffer.byteLength(json));
      // Node sends no body for HEAD whatever end() is given; Express's send skips it the same way.
      return (response.req as Request).method === 'HEAD' ? response.end() : response.end(json);
    }
  };
}

function writesDirectly(response: Response, body: unknown): boolean {
  if (typeof body !== 'object' || body === null || ArrayBuffer.isView(body) || body instanceof Error || body instanceof StreamableFile) return false;
  const status = response.statusCode;
  if (status === 204 || status === 205 || status === 304) return false;
  if (response.hasHeader('content-type')) return false;
  const settings = response.app.settings as Record<string, unknown>;
  return settings['etag fn'] === undefined && settings['json replacer'] === undefined && settings['json spaces'] === undefined && !settings['json escape'];
}
