import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { type Page, type PageRequest, Paginated, ParseIdPipe, ParsePagePipe } from '@forum/service-kit';
import { CreateThreadDto } from './dto/create-thread.dto';
import { UpdateThreadDto } from './dto/update-thread.dto';
import type { Thread } from './thread';
import { ThreadsService } from './threads.service';
import { manifest } from '../manifest';

/** `/api/threads`: the prefix derives from the service's name (`service.json`), as the gateway's routes do. */
@Controller(manifest.routePrefix)
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  @Get()
  @Paginated()
  list(@Query(ParsePagePipe) page: PageRequest): Promise<Page<Thread>> {
    return this.threads.list(page);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Thread> {
    return this.threads.get(id);
  }

  @Post()
  create(@Body() body: CreateThreadDto): Promise<Thread> {
    return this.threads.create({ title: body.title, createdBy: body.createdBy });
  }

  @Patch(':id')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateThreadDto): Promise<Thread> {
    return this.threads.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.threads.delete(id);
  }
}
