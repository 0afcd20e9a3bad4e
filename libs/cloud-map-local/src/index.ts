export * from './cloud-map-local';
