/** `user-profiles` → `UserProfiles`: construct and stack ids derived from catalog names. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Stack id of one catalog service (`users` → `ForumUsers`); the deploy tooling relies on it. */
export function serviceStackId(name: string): string {
  return `Forum${pascalCase(name)}`;
}
