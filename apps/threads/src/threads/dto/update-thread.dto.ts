import { IsOptionalButNotNull } from '@forum/service-kit';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { TITLE_MAX } from './thread-fields';

/** Body of `PATCH /api/threads/:id`: only the title changes; `createdBy` is rejected as unknown. */
export class UpdateThreadDto {
  @IsOptionalButNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  title?: string;
}
