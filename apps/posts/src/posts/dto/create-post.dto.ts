import { IsRequired } from '@forum/service-kit';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { TEXT_MAX } from './post-fields';

const MAX_ID = 2 ** 31 - 1;

/** Body of `POST /api/posts`. */
export class CreatePostDto {
  /** The thread's id; a JSON number, not a string. */
  @IsRequired()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  thread!: number;

  /** The author's user id; a JSON number, not a string. */
  @IsRequired()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  user!: number;

  @IsRequired()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  text!: string;
}
