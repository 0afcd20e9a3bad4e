import { jsonDepthExceeds } from './json-depth';

const bytes = (text: string) => Buffer.from(text);

describe('jsonDepthExceeds', () => {
  it('counts nested objects and arrays', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
  });

  it('counts depth, not the number of siblings', () => {
    expect(jsonDepthExceeds(bytes(`[${'{},'.repeat(1000)}{}]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, including after escaped quotes', () => {
    expect(jsonDepthExceeds(bytes('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":"\\"[[[[\\\\"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":"\\\\","b":[[1]]}'), 2)).toBe(true);
  });

  it('finds a hostile body thousands of levels deep', () => {
    expect(jsonDepthExceeds(bytes(`${'['.repeat(5000)}${']'.repeat(5000)}`), 32)).toBe(true);
  });
});
