import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { TITLE_MAX } from './thread-fields';

/** Body of `POST /api/threads`. */
export class CreateThreadDto {
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  title!: string;

  /** The author's user id; a JSON number, not a string. */
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  createdBy!: number;
}
