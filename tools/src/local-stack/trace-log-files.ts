import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { carriesId, parseGatewayLine, parseServiceLine, type GatewayLine, type ServiceLine } from './trace-log-line';

/** The gateway's access log in `<state-dir>/logs`; the instances' logs are `<instanceId>.log` beside it. */
export const GATEWAY_ACCESS_LOG = 'gateway-access.log';

/** Every line of a stack's logs that carries one id, and which files were read. */
export interface MatchingLines {
  gateway: GatewayLine[];
  services: ServiceLine[];
  /** File names read, gateway first. */
  files: string[];
}

/**
 * Reads the gateway's access log and every instance's log in `logDir` for lines whose request id or trace id is
 * `id`. Files are streamed line by line and only lines containing the id are parsed, so a long run's logs are never
 * held in memory; a line being written while it is read is skipped as a partial line.
 */
export async function readMatchingLines(logDir: string, id: string): Promise<MatchingLines> {
  const names = (await readdir(logDir)).filter((name) => name.endsWith('.log')).sort();
  // gateway-error.log is nginx's plain-text error log: it names no request id.
  const instances = names.filter((name) => !name.startsWith('gateway-'));
  const files = [...names.filter((name) => name === GATEWAY_ACCESS_LOG), ...instances];
  const gateway: GatewayLine[] = [];
  const services: ServiceLine[] = [];
  if (files[0] === GATEWAY_ACCESS_LOG) {
    for await (const text of linesWith(join(logDir, GATEWAY_ACCESS_LOG), id)) {
      const line = parseGatewayLine(text);
      if (line && carriesId(line, id)) gateway.push(line);
    }
  }
  for (const name of instances) {
    const instanceId = name.slice(0, -'.log'.length);
    for await (const text of linesWith(join(logDir, name), id)) {
      const line = parseServiceLine(text, instanceId);
      if (line && carriesId(line, id)) services.push(line);
    }
  }
  return { gateway, services, files };
}

async function* linesWith(file: string, id: string): AsyncGenerator<string> {
  const lower = id.toLowerCase();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line.includes(id) || line.includes(lower)) yield line;
}
