import { ConflictException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InMemoryUsersRepository } from './in-memory-users.repository';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

describe('UsersService', () => {
  let service: UsersService;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        UsersService,
        { provide: UsersRepository, useValue: new InMemoryUsersRepository([{ id: 1, username: 'finn', name: 'Finn', bio: '' }]) },
      ],
    }).compile();
    service = moduleRef.get(UsersService);
  });

  it('rejects a taken username with a 409 ConflictException', async () => {
    await expect(service.create({ username: 'FINN', name: 'F', bio: '' })).rejects.toBeInstanceOf(ConflictException);
  });

  it('gives each of two concurrent creates of one username a different outcome', async () => {
    const results = await Promise.allSettled([
      service.create({ username: 'jake', name: 'Jake', bio: '' }),
      service.create({ username: 'jake', name: 'Jake 2', bio: '' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('raises NotFoundException for missing users on get, update and delete', async () => {
    await expect(service.get(2)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.update(2, { name: 'x' })).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.delete(2)).rejects.toBeInstanceOf(NotFoundException);
  });
});
