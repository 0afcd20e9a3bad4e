const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/**
 * `BODY_LIMIT` (`100kb`) in bytes, with body-parser's 1024-based units, so a limit means the same bytes on
 * Express, which reads the text itself, and on fastify, which takes a number.
 */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`expected a size such as 512b, 100kb or 1mb, got ${limit}`);
  return Number(match[1]) * UNIT_BYTES[match[2].toLowerCase()];
}
