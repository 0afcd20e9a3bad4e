import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { getService, serviceCatalog } from '@forum/service-catalog';
import { readStackLogin } from './psql';
import { serviceEnv } from './service-env';

const USAGE = `Usage: npx nx serve <service> [-- --state-dir .local-stack --port 3100]
Builds <service>, runs it with reload on change on 127.0.0.1, pointed at the running local stack's Cloud Map and at
its own database there, so it can call the others. It is not registered: the gateway keeps routing to the stack's
instances, and you call this one directly.`;

/** The environment a served service gets: what a stack instance gets, on 127.0.0.1 and its own port. */
export function serveEnv(stateDir: string, name: string, port: number): Record<string, string> {
  const service = getService(name, serviceCatalog);
  const { state, login } = readStackLogin(stateDir, name);
  const env = serviceEnv(service, '127.0.0.1', { endpoint: state.cloudMap.endpoint, namespace: state.cloudMap.namespace }, login);
  return { ...env, PORT: String(port), NODE_ENV: 'development' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'state-dir': { type: 'string', default: '.local-stack' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [name] = positionals;
  if (!name || positionals.length > 1) throw new Error(`expected one service name\n\n${USAGE}`);
  const port = values.port === undefined ? await freePort() : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port: expected a port number, got "${values.port}"`);
  const env = serveEnv(values['state-dir'] as string, name, port);
  console.log(`serve: ${name} on http://127.0.0.1:${port} (Cloud Map ${env['AWS_ENDPOINT_URL_SERVICEDISCOVERY']}, ${env['STORAGE']})`);
  // Nx's node executor builds in watch mode and restarts the process after each rebuild.
  const child = spawn('npx', ['nx', 'run', `${name}:serve-process`], { stdio: 'inherit', env: { ...process.env, ...env } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`serve: ${err.message}`);
      process.exit(1);
    },
  );
}
