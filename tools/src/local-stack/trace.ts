import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readMatchingLines } from './trace-log-files';
import { formatTrace, traceJson } from './trace-report';
import { buildTrace, type CallGraph } from './trace-tree';
import { stateFilePath } from './state-file';

/** How `npm start -- trace` prints what it found. */
export interface TraceOptions {
  /** The services each service calls, from the catalog: who may have called whom. */
  calls: CallGraph;
  json?: boolean;
}

/**
 * The path of one request (or trace) through the stack in `stateDir`, read from its logs: the running stack's, or
 * the last run's once it stopped (a start clears them). Throws, naming the folder searched, when no line has the id.
 */
export async function traceRequest(stateDir: string, id: string, options: TraceOptions): Promise<string> {
  const logDir = join(resolve(stateDir), 'logs');
  const running = existsSync(stateFilePath(stateDir));
  if (!existsSync(logDir)) {
    throw new Error(`no local stack has run with state folder ${stateDir} (no ${logDir}); start one with npm start`);
  }
  const found = await readMatchingLines(logDir, id);
  const source = `${logDir} (${running ? 'the running stack' : "the last run's logs; the stack has stopped"})`;
  if (found.gateway.length === 0 && found.services.length === 0) {
    const searched = found.files.length > 0 ? found.files.join(', ') : 'no log files';
    const which = running ? 'the stack running there' : 'the last run there (each start clears the logs)';
    throw new Error(`no log line has request id or trace id ${id} in ${logDir} (${searched}), written by ${which}`);
  }
  const trace = buildTrace(id, found.gateway, found.services, options.calls);
  return options.json ? traceJson(trace, logDir) : formatTrace(trace, source);
}
