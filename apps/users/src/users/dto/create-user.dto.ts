import { IsOptionalButNotNull, IsRequired } from '@forum/service-kit';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { BIO_MAX, NAME_MAX, USERNAME_PATTERN } from './user-fields';

/** Body of `POST /api/users`. */
export class CreateUserDto {
  @IsRequired()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' })
  username!: string;

  @IsRequired()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name!: string;

  /** Omitted means an empty bio. */
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(BIO_MAX)
  bio?: string;
}
