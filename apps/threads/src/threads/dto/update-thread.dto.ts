import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TITLE_MAX } from './thread-fields';

/** Body of `PATCH /api/threads/:id`: only the title changes; `createdBy` is rejected as unknown. */
export class UpdateThreadDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  title?: string;
}
