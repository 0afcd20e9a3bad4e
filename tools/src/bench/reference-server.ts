import { Controller, Get, Header, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { fastify } from 'fastify';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Reference servers for `npm run bench:services`, answering what users answers (same JSON, same routes), with
// nothing of the kit: REFERENCE=limit (fastify alone, the practical limit), nest-express or nest-fastify (NestJS
// with its defaults, no logging). Started by the benchmark on HOST:PORT; each prints `listening` when it is.

const USERS = [
  { id: 1, username: 'marceline', name: 'Marceline Abadeer', bio: '1000 year old vampire queen, musician' },
  { id: 2, username: 'finn', name: "Finn 'the Human' Mertens", bio: 'Adventurer and helper of the Candy Kingdom' },
  { id: 3, username: 'pb', name: 'Bonnibel Bubblegum', bio: 'Scientist, bearer of candy power, ruler of the Candy Kingdom' },
  { id: 4, username: 'jake', name: 'Jake the Dog', bio: 'Former criminal, now a magical dog adventurer' },
];

@Controller('api/users')
class UsersController {
  @Get()
  @Header('X-Total-Count', String(USERS.length))
  list(): typeof USERS {
    return USERS;
  }

  @Get(':id')
  get(@Param('id') id: string): (typeof USERS)[number] | undefined {
    return USERS.find((u) => u.id === Number(id));
  }
}

@Module({ controllers: [UsersController] })
class UsersModule {}

async function main(): Promise<void> {
  const kind = process.env['REFERENCE'];
  const host = process.env['HOST'] ?? '127.0.0.1';
  const port = Number(process.env['PORT'] ?? 3000);
  let server: Server;
  if (kind === 'limit') {
    const app = fastify({ logger: false });
    app.get('/api/users', async (_req, reply) => reply.header('x-total-count', String(USERS.length)).send(USERS));
    app.get<{ Params: { id: string } }>('/api/users/:id', async (req) => USERS.find((u) => u.id === Number(req.params.id)));
    app.get('/ready', async () => ({ status: 'ready' }));
    await app.listen({ host, port });
    server = app.server;
  } else if (kind === 'nest-express' || kind === 'nest-fastify') {
    const adapter = kind === 'nest-fastify' ? new (await import('@nestjs/platform-fastify')).FastifyAdapter() : undefined;
    const app = adapter ? await NestFactory.create(UsersModule, adapter, { logger: false }) : await NestFactory.create(UsersModule, { logger: false });
    await app.listen(port, host);
    server = app.getHttpServer();
  } else {
    throw new Error(`REFERENCE must be limit, nest-express or nest-fastify, got ${kind}`);
  }
  console.log(JSON.stringify({ msg: 'listening', reference: kind, port: (server.address() as AddressInfo).port }));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
