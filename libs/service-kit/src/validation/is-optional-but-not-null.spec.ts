import 'reflect-metadata';
import { IsString, MinLength, validateSync } from 'class-validator';
import { IsOptionalButNotNull } from './is-optional-but-not-null';

class Patch {
  @IsOptionalButNotNull()
  @IsString()
  @MinLength(2)
  name?: string | null;
}

const check = (body: object) => validateSync(Object.assign(new Patch(), body)).map((e) => [e.property, e.constraints]);

describe('IsOptionalButNotNull', () => {
  it('skips every check of a field that was not sent', () => {
    expect(check({})).toEqual([]);
    expect(check({ name: undefined })).toEqual([]);
  });

  it('rejects null naming the field, where IsOptional would have let it through', () => {
    expect(check({ name: null })).toEqual([['name', expect.objectContaining({ isNotNull: 'name must not be null' })]]);
  });

  it('runs the other checks on a sent value', () => {
    expect(check({ name: 'ok' })).toEqual([]);
    expect(check({ name: 'x' })).toEqual([['name', { minLength: 'name must be longer than or equal to 2 characters' }]]);
  });
});
