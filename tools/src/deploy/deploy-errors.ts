/** Bad input found before anything was changed; the CLI prints its message after `error:` and exits 1. */
export class DeployInputError extends Error {
  override readonly name = 'DeployInputError';
}

/** A step that started and did not succeed (rollout failed, rolled back or timed out); exit 1 with the reason. */
export class DeployFailedError extends Error {
  override readonly name = 'DeployFailedError';
}
