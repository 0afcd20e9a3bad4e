import { IsOptionalButNotNull } from '@forum/service-kit';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { TEXT_MAX } from './post-fields';

/** Body of `PATCH /api/posts/:id`: only the text changes; `thread` and `user` are rejected as unknown. */
export class UpdatePostDto {
  @IsOptionalButNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  text?: string;
}
