import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { DeployFailedError, DeployInputError } from './deploy-errors';

/**
 * Fails before any change when the tag is not in the repository, so a rollout never points ECS at a missing image.
 */
export async function assertImageTagExists(ecr: ECRClient, repository: string, tag: string): Promise<void> {
  try {
    await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ImageNotFoundException') {
      throw new DeployInputError(`image tag ${tag} does not exist in ECR repository ${repository}; push it first (nx run <project>:docker-push)`);
    }
    if (name === 'RepositoryNotFoundException') {
      throw new DeployInputError(`ECR repository ${repository} does not exist; deploy the infra app first`);
    }
    throw error;
  }
}

/** Registry credentials from `GetAuthorizationToken` (the replacement of the removed `aws ecr get-login`). */
export interface RegistryLogin {
  readonly username: string;
  readonly password: string;
  /** Registry host without scheme, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly host: string;
}

/** Asks ECR for a 12-hour registry token and decodes its `user:password` form. */
export async function getRegistryLogin(ecr: ECRClient): Promise<RegistryLogin> {
  const out = await ecr.send(new GetAuthorizationTokenCommand({}));
  const data = out.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new DeployFailedError('ECR GetAuthorizationToken returned no token');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new DeployFailedError('ECR authorization token is not in user:password form');
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    host: data.proxyEndpoint.replace(/^https?:\/\//, ''),
  };
}
