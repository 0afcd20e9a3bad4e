export * from './tracing/otel-env';
export * from './tracing/start-tracing';
export * from './tracing/tracing';
