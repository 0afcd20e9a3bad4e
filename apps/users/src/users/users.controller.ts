import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { type Page, type PageRequest, Paginated, ParseIdPipe, ParsePagePipe } from '@forum/service-kit';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import type { User } from './user';
import { UsersService } from './users.service';
import { manifest } from '../manifest';

/** `/api/users`: the prefix derives from the service's name (`service.json`), as the gateway's routes do. */
@Controller(manifest.routePrefix)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Paginated()
  list(@Query(ParsePagePipe) page: PageRequest): Promise<Page<User>> {
    return this.users.list(page);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<User> {
    return this.users.get(id);
  }

  @Post()
  create(@Body() body: CreateUserDto): Promise<User> {
    return this.users.create({ username: body.username, name: body.name, bio: body.bio ?? '' });
  }

  @Patch(':id')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateUserDto): Promise<User> {
    return this.users.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.users.delete(id);
  }
}
