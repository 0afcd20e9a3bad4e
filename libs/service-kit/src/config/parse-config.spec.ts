import { baseConfigSchema } from './base-config.schema';
import { boolVar } from './env-vars';
import { ConfigError, parseConfig } from './parse-config';

describe('parseConfig', () => {
  it('applies the defaults, with a keep-alive timeout above the ALB 60 s idle timeout', () => {
    expect(parseConfig(baseConfigSchema, {})).toEqual({
      HOST: '0.0.0.0',
      PORT: 3000,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10000,
      BODY_LIMIT: '100kb',
      BODY_MAX_DEPTH: 32,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 65000,
    });
  });

  it('reads and types given values and freezes the result', () => {
    const config = parseConfig(baseConfigSchema, { PORT: '8080', LOG_LEVEL: 'debug', BODY_LIMIT: '1mb' });
    expect(config).toMatchObject({ PORT: 8080, LOG_LEVEL: 'debug', BODY_LIMIT: '1mb' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every offending variable in one error', () => {
    const env = { PORT: 'http', LOG_LEVEL: 'loud', SHUTDOWN_TIMEOUT_MS: '-5', BODY_LIMIT: 'big' };
    expect(() => parseConfig(baseConfigSchema, env)).toThrow(ConfigError);
    try {
      parseConfig(baseConfigSchema, env);
    } catch (error) {
      const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(names.sort()).toEqual(['BODY_LIMIT', 'LOG_LEVEL', 'PORT', 'SHUTDOWN_TIMEOUT_MS']);
      expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}/);
    }
  });

  it('rejects an empty PORT instead of reading it as 0', () => {
    expect(() => parseConfig(baseConfigSchema, { PORT: '' })).toThrow(/PORT: expected an integer/);
  });

  it('accepts an OpenTelemetry collector URL, reads an empty one as unset, and names a bad one', () => {
    expect(parseConfig(baseConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4318');
    expect(parseConfig(baseConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(() => parseConfig(baseConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: expected an http or https URL/);
  });

  it('rejects a port out of range', () => {
    expect(() => parseConfig(baseConfigSchema, { PORT: '70000' })).toThrow(/PORT/);
  });

  it('lets an app extend the base schema, and reports its missing required variables', () => {
    const schema = baseConfigSchema.extend({ FEATURE: boolVar(false), REGION: baseConfigSchema.shape.HOST.unwrap() });
    expect(parseConfig(schema, { FEATURE: 'true', REGION: 'eu-west-1' })).toMatchObject({ FEATURE: true, REGION: 'eu-west-1' });
    expect(() => parseConfig(schema, { FEATURE: 'yes' })).toThrow(/FEATURE: expected true or false\n {2}REGION:/);
  });
});
