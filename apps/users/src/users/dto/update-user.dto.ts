import { IsOptionalButNotNull } from '@forum/service-kit';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { BIO_MAX, NAME_MAX, USERNAME_PATTERN } from './user-fields';

/** Body of `PATCH /api/users/:id`: any subset of the fields. */
export class UpdateUserDto {
  @IsOptionalButNotNull()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' })
  username?: string;

  @IsOptionalButNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name?: string;

  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(BIO_MAX)
  bio?: string;
}
