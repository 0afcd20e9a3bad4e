import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';

const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(__dirname, '..', '.dockerignore'), 'utf8');

describe('gateway Dockerfile', () => {
  it('is valid Dockerfile syntax', () => {
    expect(validate(dockerfile).map((d) => d.message)).toEqual([]);
  });

  it('builds on the official nginx image pinned to a version, never latest, and lets the base be overridden', () => {
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE=nginx:\d+\.\d+\.\d+-alpine(@sha256:[0-9a-f]{64})?$/m);
    expect(dockerfile).toMatch(/^FROM \$\{BASE_IMAGE\}$/m);
  });

  it('renders the config at start with the same script the local stack runs, and ships no rendered files', () => {
    expect(dockerfile).toContain('COPY templates/ /etc/nginx/gateway-templates/');
    expect(dockerfile).toMatch(/COPY .*docker-entrypoint\.d\/40-render-gateway-config\.sh \/docker-entrypoint\.d\/40-render-gateway-config\.sh/);
    expect(dockerfile).toContain('CMD ["nginx", "-c", "/etc/nginx/gateway/nginx.conf"]');
    expect(dockerignore.split('\n')).toEqual(expect.arrayContaining(['*', '!templates/', '!docker-entrypoint.d/']));
  });

  it('runs as non-root on 8080 with a HEALTHCHECK on /healthz and a rate limit on by default', () => {
    expect(dockerfile).toMatch(/^USER nginx$/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK [\s\S]*http:\/\/127\.0\.0\.1:8080\/healthz/);
    expect(dockerfile).toMatch(/GATEWAY_RATE_LIMIT=\d+r\/s/);
    expect(dockerfile).not.toMatch(/NGINX_RESOLVER=/);
  });
});
