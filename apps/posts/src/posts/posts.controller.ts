import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { type Page, type PageRequest, Paginated, ParseIdPipe, ParsePagePipe } from '@forum/service-kit';
import { CreatePostDto } from './dto/create-post.dto';
import { UpdatePostDto } from './dto/update-post.dto';
import type { Post as ForumPost } from './post';
import { PostsService } from './posts.service';
import { manifest } from '../manifest';

/**
 * `/api/posts`: the prefix derives from the service's name (`service.json`), as the gateway's routes do.
 * `in-thread/:threadId` and `by-user/:userId` are the original sample's paths; an unknown thread or user is an
 * empty list, since this service does not own threads or users.
 */
@Controller(manifest.routePrefix)
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get()
  @Paginated()
  list(@Query(ParsePagePipe) page: PageRequest): Promise<Page<ForumPost>> {
    return this.posts.list(page);
  }

  @Get('in-thread/:threadId')
  @Paginated()
  inThread(@Param('threadId', ParseIdPipe) thread: number, @Query(ParsePagePipe) page: PageRequest): Promise<Page<ForumPost>> {
    return this.posts.list(page, { thread });
  }

  @Get('by-user/:userId')
  @Paginated()
  byUser(@Param('userId', ParseIdPipe) user: number, @Query(ParsePagePipe) page: PageRequest): Promise<Page<ForumPost>> {
    return this.posts.list(page, { user });
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<ForumPost> {
    return this.posts.get(id);
  }

  @Post()
  create(@Body() body: CreatePostDto): Promise<ForumPost> {
    return this.posts.create({ thread: body.thread, user: body.user, text: body.text });
  }

  @Patch(':id')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdatePostDto): Promise<ForumPost> {
    return this.posts.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.posts.delete(id);
  }
}
