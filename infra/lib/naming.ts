import { deployNames, type DeployNames } from '@forum/service-catalog';

/** `user-profiles` → `UserProfiles`: construct and stack ids derived from catalog names. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Stack id of one catalog service (`users` → `ForumUsers` in project `forum`). */
export function serviceStackId(name: string, names: DeployNames = deployNames): string {
  return names.stackId(pascalCase(name));
}

/** Stack id of one catalog service's database (`users` → `ForumUsersData`). */
export function dataStackId(name: string, names: DeployNames = deployNames): string {
  return `${serviceStackId(name, names)}Data`;
}

/**
 * PostgreSQL database name of one catalog service: the service name, with dashes turned into underscores since RDS
 * accepts only letters, digits and underscores there (`user-profiles` → `user_profiles`).
 */
export function databaseName(name: string): string {
  return name.replace(/-/g, '_');
}

/** CloudWatch namespace of the metrics taken from the request logs: the project's name (`forum`). */
export function metricNamespace(names: DeployNames = deployNames): string {
  return names.project;
}

/** The alarms every catalog service has; ECS rolls a deployment back on either. */
export const SERVICE_ALARM_KINDS = ['5xx-rate', 'p99-latency'] as const;
/** The gateway's alarms; ECS rolls a gateway deployment back on either. */
export const GATEWAY_ALARM_KINDS = ['5xx-rate', 'unhealthy-hosts'] as const;
/** What an alarm watches. */
export type AlarmKind = (typeof SERVICE_ALARM_KINDS)[number] | (typeof GATEWAY_ALARM_KINDS)[number];

/**
 * Name of one alarm, `<project>-<service or gateway>-<kind>` (`forum-users-5xx-rate`): fixed, because ECS deployment
 * alarms and the dashboard refer to alarms by name, not by reference.
 */
export function alarmName(subject: string, kind: AlarmKind, names: DeployNames = deployNames): string {
  return `${names.project}-${subject}-${kind}`;
}
