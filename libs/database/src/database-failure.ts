// SQLSTATE classes that mean the server cannot serve us now, not that the query was wrong: connection exceptions,
// insufficient resources, operator intervention (shutdown, cannot connect now), system errors, bad login, no such
// database. https://www.postgresql.org/docs/17/errcodes-appendix.html
const OUTAGE_SQLSTATE = /^(08|53|57P|58|28|3D)/;

const networkReasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
};

/**
 * Why `error` means the database is unusable right now (`connection refused`, `statement timeout`), or undefined
 * when it is an answer about the query itself (a unique violation, a syntax error) that the caller must handle.
 */
export function outageReason(error: unknown): string | undefined {
  // Duck-typed: socket errors are created by Node's core, which is another realm than a test's sandbox.
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && code in networkReasons) return networkReasons[code];
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '57014') return 'statement timeout';
    return OUTAGE_SQLSTATE.test(code) ? `server answered ${code}` : undefined;
  }
  if (typeof message !== 'string') return undefined;
  // node-postgres raises these without a code.
  if (/timeout/i.test(message)) return 'no answer in time';
  if (/terminated|connection error|not queryable|Connection closed/i.test(message)) return 'connection lost';
  return undefined;
}
