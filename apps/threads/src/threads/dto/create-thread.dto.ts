import { IsRequired } from '@forum/service-kit';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { TITLE_MAX } from './thread-fields';

/** Body of `POST /api/threads`. */
export class CreateThreadDto {
  @IsRequired()
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  title!: string;

  /** The author's user id; a JSON number, not a string. */
  @IsRequired()
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  createdBy!: number;
}
