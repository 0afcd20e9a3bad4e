export * from './testing/create-test-app';
export * from './testing/memory-log-stream';
export * from './testing/partial-request';
export * from './testing/service-process';
export * from './testing/connection-refused';
export * from './testing/loopback-server';
export * from './testing/resource-stand-in';
export * from './testing/service-lifecycle-suite';
