import { DeployInputError } from './deploy-errors';
import type { Deployable } from './deployables';

/** Where an image lives in ECR. */
export interface ImageTarget {
  readonly account: string;
  readonly region: string;
  readonly tag: string;
}

/** The ECR registry host for an account and region, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
export function registryHost(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com`;
}

/** The full ECR image reference `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>`. */
export function imageUri(target: Deployable, image: ImageTarget): string {
  return `${registryHost(image.account, image.region)}/${target.repository}:${image.tag}`;
}

/** Reads the tag from an image reference (`repo:tag` or `repo@sha256:...` → undefined when pinned by digest only). */
export function tagOfImage(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : undefined;
}

/** Accepts only a full or abbreviated git SHA: `latest` and other moving names are never deployed. */
export function assertGitShaTag(tag: string): void {
  if (!/^[0-9a-f]{7,40}$/.test(tag)) {
    throw new DeployInputError(`--tag "${tag}" is not a git SHA (7-40 lower-case hex digits); moving tags such as latest are never deployed`);
  }
}
