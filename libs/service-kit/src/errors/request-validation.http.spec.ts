import { Body, Controller, Get, Module, Patch, Post, Query } from '@nestjs/common';
import { IsInt, IsString, MaxLength, MinLength } from 'class-validator';
import request from 'supertest';
import type { PageRequest } from '../http/page';
import { ParsePagePipe } from '../http/parse-page.pipe';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { IsOptionalButNotNull } from '../validation/is-optional-but-not-null';
import { IsRequired } from '../validation/is-required';
import { HTTP_PLATFORMS } from '../bootstrap/http-platform';

class CreateThingDto {
  @IsRequired()
  @IsString()
  @MinLength(2)
  @MaxLength(5)
  name!: string;

  @IsRequired()
  @IsInt()
  size!: number;
}

class UpdateThingDto {
  @IsOptionalButNotNull()
  @IsString()
  @MinLength(2)
  @MaxLength(5)
  name?: string;
}

@Controller('things')
class ThingsController {
  @Get()
  list(@Query(ParsePagePipe) page: PageRequest): PageRequest {
    return page;
  }

  @Post()
  create(@Body() body: CreateThingDto): CreateThingDto {
    return body;
  }

  @Patch()
  update(@Body() body: UpdateThingDto): UpdateThingDto {
    return body;
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

/** The global pipe and body middleware as every service runs them. */
describe.each(HTTP_PLATFORMS)('request validation on %s', (http) => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp({ module: ThingsModule , http })));
  afterEach(() => t.close());

  describe('bodies', () => {
    it('says a missing required field is required, once per field', async () => {
      const res = await request(t.server).post('/things').set('X-Request-Id', 'r-1').send({}).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid input: name, size',
        requestId: 'r-1',
        fields: [
          { field: 'name', messages: ['name is required'] },
          { field: 'size', messages: ['size is required'] },
        ],
      });
    });

    it('gives the first rule written that fails: null, then type, then length', async () => {
      const nulls = await request(t.server).post('/things').send({ name: null, size: null }).expect(400);
      expect(nulls.body.fields).toEqual([
        { field: 'name', messages: ['name must not be null'] },
        { field: 'size', messages: ['size must not be null'] },
      ]);
      const types = await request(t.server).post('/things').send({ name: 7, size: '3' }).expect(400);
      expect(types.body.fields).toEqual([
        { field: 'name', messages: ['name must be a string'] },
        { field: 'size', messages: ['size must be an integer number'] },
      ]);
      const long = await request(t.server).post('/things').send({ name: 'toolong', size: 3 }).expect(400);
      expect(long.body.fields).toEqual([{ field: 'name', messages: ['name must be shorter than or equal to 5 characters'] }]);
      const patched = await request(t.server).patch('/things').send({ name: null }).expect(400);
      expect(patched.body.fields).toEqual([{ field: 'name', messages: ['name must not be null'] }]);
    });

    it('still rejects and names unknown body fields', async () => {
      const res = await request(t.server).post('/things').send({ name: 'ok', size: 1, colour: 'red' }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'colour', messages: ['property colour should not exist'] }]);
    });

    it.each([
      ['text/plain', 'name=ok'],
      ['application/x-www-form-urlencoded', 'name=ok&size=1'],
    ])('answers a %s body with 415 in the error shape, not field errors', async (type, body) => {
      const res = await request(t.server).post('/things').set('Content-Type', type).set('X-Request-Id', 'r-415').send(body).expect(415);
      expect(res.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `request body must be JSON (Content-Type: application/json), got ${type}`,
        requestId: 'r-415',
      });
      await request(t.server).patch('/things').set('Content-Type', type).send(body).expect(415);
    });

    it('accepts JSON with a charset and leaves a write without a body to validation', async () => {
      await request(t.server).post('/things').set('Content-Type', 'application/json; charset=utf-8').send('{"name":"ok","size":1}').expect(201, { name: 'ok', size: 1 });
      const empty = await request(t.server).post('/things').expect(400);
      expect(empty.body.fields.map((f: { field: string }) => f.field)).toEqual(['name', 'size']);
    });

    it('answers a body nested thousands of levels deep with 400 before validation recurses into it', async () => {
      const hostile = `{"name":${'['.repeat(5000)}${']'.repeat(5000)},"size":1}`;
      const res = await request(t.server).post('/things').set('Content-Type', 'application/json').send(hostile).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'JSON body nests deeper than 32 levels' });
      await request(t.server).post('/things').send({ name: 'ok', size: 1 }).expect(201);
    });
  });

  describe('list queries', () => {
    it('ignores unknown query parameters such as cache busters', async () => {
      await request(t.server).get('/things?_=1712345678&utm_source=x&limit=5').expect(200, { limit: 5, offset: 0 });
    });

    it.each([
      ['limit=abc', 'limit', 'limit must be a whole number from 1 to 100'],
      ['limit=0', 'limit', 'limit must be a whole number from 1 to 100'],
      ['limit=101', 'limit', 'limit must be a whole number from 1 to 100'],
      ['limit=', 'limit', 'limit must be a whole number from 1 to 100'],
      ['limit=1.5', 'limit', 'limit must be a whole number from 1 to 100'],
      ['limit=1e2', 'limit', 'limit must be a whole number from 1 to 100'],
      ['limit=2&limit=3', 'limit', 'limit must be a whole number from 1 to 100'],
      ['offset=-1', 'offset', 'offset must be a whole number, 0 or more'],
      ['offset=', 'offset', 'offset must be a whole number, 0 or more'],
    ])('answers %s with one clear message', async (query, field, message) => {
      const res = await request(t.server).get(`/things?${query}`).expect(400);
      expect(res.body.fields).toEqual([{ field, messages: [message] }]);
    });

    it('names both parameters when both are wrong', async () => {
      const res = await request(t.server).get('/things?limit=0&offset=x').expect(400);
      expect(res.body.fields).toEqual([
        { field: 'limit', messages: ['limit must be a whole number from 1 to 100'] },
        { field: 'offset', messages: ['offset must be a whole number, 0 or more'] },
      ]);
    });

    it('defaults to the first page of 50', async () => {
      await request(t.server).get('/things').expect(200, { limit: 50, offset: 0 });
      await request(t.server).get('/things?limit=100&offset=0').expect(200, { limit: 100, offset: 0 });
    });
  });
});
