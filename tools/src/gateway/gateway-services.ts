// The GATEWAY_SERVICES format is shared with the CDK gateway stack, so it lives in the catalog library; the local
// stack and the bench keep importing it from here.
export { gatewayServicesValue } from '@forum/service-catalog';
