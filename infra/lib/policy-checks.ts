import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';

/** Name the cfn-guard plugin reports under; its rule ids are acknowledged as `<name>::<rule>`. */
const CONTROL_TOWER_PLUGIN = 'cdk-validator-cfnguard';

/**
 * Runs both rule sets over every stack at synthesis, as policy validation plugins: cdk-nag's AwsSolutions pack and
 * AWS Control Tower's proactive controls (cfn-guard rules and binary bundled in @cdklabs/cdk-validator-cfnguard,
 * so this works offline). Any finding not acknowledged with `Validations.of(x).acknowledge` fails the synth.
 */
export function addPolicyChecks(app: Construct): void {
  addNagChecks(app);
  addControlTowerChecks(app);
}

/** cdk-nag's AwsSolutions pack alone (tests that only build templates, where cfn-guard would only add seconds). */
export function addNagChecks(app: Construct): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** The Control Tower proactive controls alone. */
export function addControlTowerChecks(app: Construct): void {
  Validations.of(app).addPlugins(new ControlTowerChecks());
}

/**
 * The id to acknowledge a Control Tower rule with, from its cfn-guard rule name (the `[CT.ECS.PR.3]` control is
 * `ecs_task_definition_nonroot_user_check`), e.g. `controlTowerRule('cloudwatch_log_group_retention_period_check')`.
 */
export function controlTowerRule(ruleName: string): string {
  if (!/^[a-z0-9_]+$/.test(ruleName)) throw new Error(`controlTowerRule: "${ruleName}" is not a cfn-guard rule name`);
  return `${CONTROL_TOWER_PLUGIN}::${ruleName}`;
}

/**
 * The Control Tower rules through CfnGuardValidator, with two corrections so that a finding fails the synth and can
 * be acknowledged where it is. The plugin leaves `severity` unset, and once any rule anywhere is acknowledged
 * aws-cdk-lib counts a report as failed only for error-severity findings, so every unacknowledged finding would pass:
 * each finding is an error here. And for some rules (CT.RDS.PR.25, CT.KMS.PR.3) it adds a copy of the finding with
 * no resource, which no acknowledgement can reach: such copies are dropped when the finding names its resource too.
 */
class ControlTowerChecks implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  private readonly guard = new CfnGuardValidator({ controlTowerRulesEnabled: true });

  constructor() {
    this.name = this.guard.name;
    this.version = this.guard.version;
    this.ruleIds = this.guard.ruleIds;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.guard.validate(context);
    const violations = report.violations.map((violation) => {
      const located = violation.violatingResources.filter((r) => r.resourceLogicalId !== undefined && r.resourceLogicalId !== '');
      return {
        ...violation,
        severity: violation.severity ?? 'error',
        violatingResources: located.length > 0 ? located : violation.violatingResources,
      };
    });
    return { ...report, violations };
  }
}
