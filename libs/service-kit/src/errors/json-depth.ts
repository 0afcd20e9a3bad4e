/** body-parser's error `type` for a body nested deeper than allowed. */
export const JSON_TOO_DEEP = 'entity.too.deep';

/**
 * Whether a JSON text nests objects and arrays deeper than `max`. It scans the raw bytes before parsing, so a
 * hostile body thousands of levels deep is refused before JSON.parse or the validator recurse into it (which
 * overflowed the stack: a 500). Brackets inside strings do not count.
 */
export function jsonDepthExceeds(body: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte, which may be a quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** A body-parser `verify` hook refusing bodies nested deeper than `max` with a 400. */
export function rejectDeepJson(max: number) {
  return (_req: unknown, _res: unknown, body: Buffer): void => {
    if (jsonDepthExceeds(body, max)) {
      throw Object.assign(new Error(`JSON body nests deeper than ${max} levels`), { status: 400, type: JSON_TOO_DEEP });
    }
  };
}
