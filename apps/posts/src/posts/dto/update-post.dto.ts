import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TEXT_MAX } from './post-fields';

/** Body of `PATCH /api/posts/:id`: only the text changes; `thread` and `user` are rejected as unknown. */
export class UpdatePostDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  text?: string;
}
