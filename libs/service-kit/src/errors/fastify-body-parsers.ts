import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WRITE_METHODS, unsupportedBodyMessage } from './json-body.middleware';
import { jsonDepthExceeds } from './json-depth';

/**
 * Replaces fastify's body parsers with the kit's, so a body is judged as on Express: JSON only (a form or
 * `text/plain` write is a 415 naming its type), UTF-8 only, nesting bounded before `JSON.parse` (400), malformed
 * JSON a 400, an empty JSON body `{}`, and only objects or arrays at the top (body-parser's `strict`).
 * Over `bodyLimit` fastify itself raises a 413, which the error filter shapes.
 */
export function registerFastifyBodyParsers(fastify: FastifyInstance, options: { bodyLimit: number; maxDepth: number }): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request, body as Buffer, options.maxDepth));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Any other type: a write is refused unread; a body on another method (DELETE) is drained and ignored.
  fastify.addContentTypeParser('*', (request, payload, done) => {
    if (WRITE_METHODS.has(request.method)) {
      done(new UnsupportedMediaTypeException(unsupportedBodyMessage(request.headers['content-type'])), undefined);
      return;
    }
    payload.on('end', () => done(null, undefined));
    payload.on('error', (error) => done(error, undefined));
    payload.resume();
  });
}

function parseJsonBody(request: FastifyRequest, body: Buffer, maxDepth: number): unknown {
  const charset = /;\s*charset=["']?([^"';\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-8$/i.test(charset)) {
    throw new UnsupportedMediaTypeException(`unsupported charset "${charset.toUpperCase()}"`);
  }
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    throw new UnsupportedMediaTypeException(`unsupported content encoding "${encoding}"`);
  }
  // body-parser answers an empty JSON body with {}: a common client mistake, left to validation.
  if (body.length === 0) return {};
  if (jsonDepthExceeds(body, maxDepth)) throw new BadRequestException(`JSON body nests deeper than ${maxDepth} levels`);
  const text = body.toString('utf8');
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw new BadRequestException('malformed JSON body: expected an object or an array');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`malformed JSON body: ${(error as Error).message}`);
  }
}
