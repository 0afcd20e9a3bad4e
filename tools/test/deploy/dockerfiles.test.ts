import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { serviceCatalog } from '@forum/service-catalog';
import { GATEWAY_NAME } from '@forum/service-catalog';
import { listDeployables } from '../../src/deploy/deployables';
import { imagePolicyProblems } from './support/image-policy';

const root = join(__dirname, '../../..');
const strict: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

const lint = (content: string) => validate(content, strict).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);

describe.each(listDeployables().map((d) => [d.name, d.dockerfile] as const))('%s image (%s)', (name, dockerfile) => {
  const content = readFileSync(join(root, dockerfile), 'utf8');
  const service = serviceCatalog.services.find((s) => s.name === name);

  it('parses and passes dockerfile-utils validation with every rule as an error', () => {
    expect(lint(content)).toEqual([]);
  });

  it('follows the image rules (pinned base, non-root, one EXPOSE, exec-form CMD, HEALTHCHECK)', () => {
    expect(imagePolicyProblems(content, service ? { service: name, port: service.port } : {})).toEqual([]);
  });

  if (name === GATEWAY_NAME) return;
  it('holds only its own service build output', () => {
    const sources = [...content.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(sources).toEqual(expect.arrayContaining([`dist/apps/${name}/main.js`, `dist/apps/${name}/package-lock.json`]));
    for (const source of sources) expect(source.startsWith(`dist/apps/${name}/`)).toBe(true);
  });
});

describe('the checks can fail', () => {
  it('the validator reports a broken Dockerfile', () => {
    expect(lint('FROM node:24.22.3-alpine\nEXPOSE 99999\nHEALTHCHECK --interval=5 CMD true\n')).not.toEqual([]);
  });

  it('the image rules reject root, shell-form CMD, latest and foreign files', () => {
    const bad = 'ARG BASE_IMAGE=node:latest\nFROM ${BASE_IMAGE}\nCOPY . .\nCMD node main.js\n';
    expect(imagePolicyProblems(bad, { service: 'users', port: 3000 })).toEqual([
      'BASE_IMAGE default is not pinned to a full version: BASE_IMAGE=node:latest',
      'runs as root (no non-root USER)',
      'expected exactly one EXPOSE, found 0',
      'CMD must be a single exec-form (JSON array) instruction so SIGTERM reaches the process',
      'HEALTHCHECK on /health is missing',
      'refers to a :latest tag',
      'NODE_ENV=production is not set',
      'dependencies are not installed with npm ci --omit=dev',
      'the compile cache is not filled at build (NODE_COMPILE_CACHE)',
      'COPY takes files from outside dist/apps/users: .',
    ]);
  });
});

describe('root .dockerignore', () => {
  const lines = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

  it('starts from nothing and lets in only Nx build output', () => {
    expect(lines[0]).toBe('*');
    expect(lines.filter((l) => l.startsWith('!')).every((l) => l.startsWith('!dist/apps/*/'))).toBe(true);
  });

  it('keeps node_modules, .git and env files out even below dist', () => {
    expect(lines).toEqual(expect.arrayContaining(['**/node_modules', '**/.git', '**/.env*']));
  });
});
