export * from './service-catalog';
export * from './deploy-names';
