import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';

/** Props for {@link ImageRepository}. */
export interface ImageRepositoryProps {
  /** Image name, for messages. */
  readonly imageName: string;
  /** Repository name (`<project>/<imageName>`), the name the deploy tooling pushes to. */
  readonly repositoryName: string;
  /** How many images to keep; older ones expire. Omitted: 30, enough to roll back several deploys. */
  readonly keepImages?: number;
}

/**
 * One ECR repository for one deployable image: scanned on push, immutable tags (a git SHA always
 * means the same image) and retained when the stack is deleted so images and history survive.
 */
export class ImageRepository extends Construct {
  /** The repository the service's task definition pulls from. */
  public readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const keepImages = props.keepImages ?? 30;
    if (!Number.isInteger(keepImages) || keepImages < 1) {
      throw new Error(`ImageRepository ${props.imageName}: keepImages must be a positive integer, got ${keepImages}`);
    }
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ description: `keep the last ${keepImages} images`, maxImageCount: keepImages }],
    });
  }
}
