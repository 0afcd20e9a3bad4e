import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';

/**
 * Runs cdk-nag's AwsSolutions pack over every stack at synthesis (cdk-nag 3 is a policy validation plugin,
 * not an Aspect). Any finding not acknowledged with `Validations.of(x).acknowledge` fails the synth.
 */
export function addNagChecks(app: Construct): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
