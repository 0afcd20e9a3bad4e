import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

// `npm run otlp-sink [-- --port 4318]`: an OTLP/HTTP collector that reads each export and throws it away, so a
// benchmark measures what tracing costs the service, not a collector. Listens on 127.0.0.1 only; Ctrl-C stops it.

const { values } = parseArgs({ options: { port: { type: 'string', default: '4318' } } });
let exports = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    exports++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(Number(values.port), '127.0.0.1', () => process.stdout.write(`otlp-sink: OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${values.port}\n`));
process.once('SIGINT', () => {
  process.stdout.write(`otlp-sink: ${exports} exports discarded\n`);
  server.close(() => process.exit(0));
});
