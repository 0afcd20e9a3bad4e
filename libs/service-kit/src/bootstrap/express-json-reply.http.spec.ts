import { Controller, Get, Head, Header, HttpCode, type INestApplication, Module, NotFoundException, Post, StreamableFile } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import { Readable } from 'node:stream';
import request from 'supertest';
import { withDirectJsonReplies } from './express-json-reply';

@Controller()
class RepliesController {
  @Get('object')
  object(): object {
    return { id: 1, name: 'Ünïcödé ✓', nested: { list: [1, 'two', null] } };
  }

  @Get('array')
  array(): object {
    return [{ id: 1 }, { id: 2 }];
  }

  @Head('head')
  head(): object {
    return { id: 1 };
  }

  @Post('created')
  created(): object {
    return { id: 3 };
  }

  @Get('no-content')
  @HttpCode(204)
  noContent(): object {
    return { ignored: true };
  }

  @Get('own-type')
  @Header('Content-Type', 'application/vnd.forum+json')
  ownType(): object {
    return { id: 1 };
  }

  @Get('to-json')
  toJson(): object {
    return { toJSON: () => ({ serialized: true }), hidden: 1 };
  }

  @Get('date')
  date(): object {
    return new Date(0);
  }

  @Get('text')
  text(): string {
    return 'plain text';
  }

  @Get('nothing')
  nothing(): undefined {
    return undefined;
  }

  @Get('buffer')
  buffer(): Buffer {
    return Buffer.from('bytes');
  }

  @Get('stream')
  stream(): StreamableFile {
    return new StreamableFile(Readable.from([Buffer.from('streamed')]));
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('no such thing');
  }
}

@Module({ controllers: [RepliesController] })
class RepliesModule {}

/** Status, headers (without Date) and body text of one request. */
async function exchange(app: INestApplication, method: 'get' | 'head' | 'post', path: string) {
  const res = await request(app.getHttpServer())[method](path).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  });
  const { date: _date, ...headers } = res.headers as Record<string, string>;
  // A HEAD response has no body to parse (supertest leaves an empty object).
  return { status: res.status, headers, body: typeof res.body === 'string' ? res.body : '' };
}

const CASES = [
  ['get', '/object'],
  ['get', '/array'],
  ['head', '/head'],
  ['head', '/object'],
  ['post', '/created'],
  ['get', '/no-content'],
  ['get', '/own-type'],
  ['get', '/to-json'],
  ['get', '/date'],
  ['get', '/text'],
  ['get', '/nothing'],
  ['get', '/buffer'],
  ['get', '/stream'],
  ['get', '/missing'],
] as const;

/** The direct JSON path must be invisible to clients: every reply is compared with Express's own, byte for byte. */
describe.each([
  ['ETags off, as in a kit service', false],
  ['ETags on (Express default), which the direct path leaves to Express', true],
])('Express replies with direct JSON, %s', (_name, etag) => {
  let plain: INestApplication;
  let direct: INestApplication;
  beforeAll(async () => {
    const create = async (adapter: ExpressAdapter) => {
      const app = await NestFactory.create(RepliesModule, adapter, { logger: false });
      (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('etag', etag);
      return app.init();
    };
    plain = await create(new ExpressAdapter());
    const DirectJsonExpressAdapter = withDirectJsonReplies(ExpressAdapter);
    direct = await create(new DirectJsonExpressAdapter());
  });
  afterAll(async () => {
    await plain.close();
    await direct.close();
  });

  it.each(CASES)('%s %s answers exactly as Express does', async (method, path) => {
    const expected = await exchange(plain, method, path);
    expect(await exchange(direct, method, path)).toEqual(expected);
  });

  it('writes JSON objects as Express does: UTF-8 JSON with its byte length, and no body on HEAD', async () => {
    const object = await exchange(direct, 'get', '/object');
    expect(object.status).toBe(200);
    expect(object.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(object.body)).toEqual({ id: 1, name: 'Ünïcödé ✓', nested: { list: [1, 'two', null] } });
    expect(object.headers['content-length']).toBe(String(Buffer.byteLength(object.body)));
    const head = await exchange(direct, 'head', '/head');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength('{"id":1}')));
    expect(head.body).toBe('');
  });

  it(etag ? 'leaves a JSON object to res.json when ETags are on' : 'writes a JSON object without res.json when ETags are off', async () => {
    const json = jest.spyOn(express.response, 'json');
    try {
      await exchange(direct, 'get', '/object');
      expect(json).toHaveBeenCalledTimes(etag ? 1 : 0);
      await exchange(plain, 'get', '/object');
      expect(json).toHaveBeenCalledTimes(etag ? 2 : 1);
    } finally {
      json.mockRestore();
    }
  });
});
