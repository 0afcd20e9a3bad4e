import { createHash } from 'node:crypto';

/** Account and region in the ARNs the stand-in hands out; nothing checks them. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/**
 * Derives a Cloud Map style id (`ns-…`, `srv-…`) from a name, so ids stay the same across restarts
 * of the stand-in and a caller that cached one keeps working.
 */
export function stableId(prefix: 'ns' | 'srv', name: string): string {
  const digest = createHash('sha256').update(`${prefix}:${name}`).digest('hex');
  return `${prefix}-${digest.slice(0, 16)}`;
}

/** Builds the ARN of a namespace or service in the local account. */
export function localArn(kind: 'namespace' | 'service', id: string): string {
  return `arn:aws:servicediscovery:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${kind}/${id}`;
}

/** Turns an instance id into a DNS label (ECS task ids already are one; others get unsafe characters replaced). */
export function dnsLabelFor(instanceId: string): string {
  const label = instanceId.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
  return label.replace(/^-+|-+$/g, '') || 'instance';
}
