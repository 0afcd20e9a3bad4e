import { parseServiceManifest } from '@forum/service-catalog/manifest';
import manifestJson from '../service.json';

/**
 * This service's own settings, from `apps/users/service.json`. The bundle holds these and nothing of other
 * services: the workspace-wide list is assembled by the tools and the CDK app, so a change to another service never
 * rebuilds this one.
 */
export const manifest = parseServiceManifest(manifestJson, 'apps/users/service.json');
