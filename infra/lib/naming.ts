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
