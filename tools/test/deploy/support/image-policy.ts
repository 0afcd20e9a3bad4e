import { DockerfileParser } from 'dockerfile-ast';

/** What a Dockerfile must satisfy beyond parsing (the image rules in tools/README.md); returns one message per broken rule. */
export function imagePolicyProblems(content: string, options: { service?: string; port?: number } = {}): string[] {
  const problems: string[] = [];
  const df = DockerfileParser.parse(content);
  const all = df.getInstructions();
  const named = (keyword: string) => all.filter((i) => i.getKeyword() === keyword);
  const text = (i: { getRawArgumentsContent(): string | null }) => i.getRawArgumentsContent() ?? '';

  const from = df.getFROMs();
  if (from.length === 0) problems.push('no FROM');
  const base = from[0] ? text(from[0]) : '';
  const baseArg = df.getInitialARGs().find((i) => text(i).startsWith('BASE_IMAGE='));
  const pinned = (ref: string) => /:[0-9]+\.[0-9]+\.[0-9]+[\w.-]*(@sha256:[0-9a-f]{64})?$/.test(ref);
  if (options.service) {
    if (!baseArg) problems.push('base image is not overridable with ARG BASE_IMAGE');
    else if (!pinned(text(baseArg).slice('BASE_IMAGE='.length))) problems.push(`BASE_IMAGE default is not pinned to a full version: ${text(baseArg)}`);
    if (!/^\$\{?BASE_IMAGE\}?$/.test(base)) problems.push(`FROM does not use BASE_IMAGE: ${base}`);
  } else if (!baseArg && !pinned(base)) {
    problems.push(`base image is not pinned to a full version: ${base}`);
  }

  const users = named('USER');
  const finalUser = users.length > 0 ? text(users[users.length - 1]) : 'root';
  if (/^(root|0)(:|$)/.test(finalUser)) problems.push('runs as root (no non-root USER)');
  const expose = named('EXPOSE');
  if (expose.length !== 1) problems.push(`expected exactly one EXPOSE, found ${expose.length}`);
  else if (options.port !== undefined && text(expose[0]) !== String(options.port)) problems.push(`EXPOSE ${text(expose[0])} is not the catalog port ${options.port}`);
  const cmd = named('CMD');
  if (cmd.length !== 1 || !text(cmd[0]).trim().startsWith('[')) problems.push('CMD must be a single exec-form (JSON array) instruction so SIGTERM reaches the process');
  const health = named('HEALTHCHECK');
  if (health.length !== 1 || !/\/health/.test(text(health[0]))) problems.push('HEALTHCHECK on /health is missing');
  if (/\bcurl\b/.test(health.map(text).join(' '))) problems.push('HEALTHCHECK uses curl, which alpine images do not have');
  if (all.some((i) => /:latest\b/.test(text(i)))) problems.push('refers to a :latest tag');

  if (options.service) {
    const env = named('ENV').map(text).join(' ');
    if (!/NODE_ENV=production/.test(env)) problems.push('NODE_ENV=production is not set');
    if (!named('RUN').some((i) => /npm ci\b.*--omit=dev/.test(text(i)))) problems.push('dependencies are not installed with npm ci --omit=dev');
    if (!/NODE_COMPILE_CACHE=\S+/.test(env) || !named('RUN').some((i) => /require\(name\)/.test(text(i)))) problems.push('the compile cache is not filled at build (NODE_COMPILE_CACHE)');
    for (const copy of named('COPY')) {
      const sources = text(copy).split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      const foreign = sources.filter((s) => !s.startsWith(`dist/apps/${options.service}/`));
      if (foreign.length > 0) problems.push(`COPY takes files from outside dist/apps/${options.service}: ${foreign.join(', ')}`);
    }
  }
  return problems;
}
