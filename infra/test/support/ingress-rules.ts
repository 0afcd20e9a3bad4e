import { CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';

/** One inbound rule in readable form: `posts -> users:3000`, `0.0.0.0/0 -> alb:80`. */
export type IngressRule = string;

interface NamedGroup {
  readonly label: string;
  readonly group: ec2.ISecurityGroup;
}

/**
 * Every inbound rule of every stack, standalone or inline, with group references (same-stack GetAtt or
 * cross-stack ImportValue) replaced by labels, so a test can compare the whole set at once.
 */
export function ingressRules(stacks: readonly Stack[], groups: readonly NamedGroup[]): IngressRule[] {
  const ids = groups.map(({ label, group }) => ({
    label,
    stack: Stack.of(group),
    logicalId: Stack.of(group).getLogicalId(group.node.defaultChild as CfnElement),
  }));
  // Logical ids repeat across stacks built from the same construct (every data stack has DatabaseSecurityGroup...),
  // so a same-stack reference must match a group of that stack, and an import must name the exporting stack.
  const labelOf = (ref: unknown, inStack: Stack): string => {
    const text = JSON.stringify(ref);
    const found = ids.find(
      ({ stack, logicalId }) =>
        (stack === inStack && text.includes(`"${logicalId}"`)) ||
        text.includes(`"${stack.stackName}:ExportsOutputFnGetAtt${logicalId}GroupId`),
    );
    if (!found) throw new Error(`unlabelled security group reference ${text} in ${inStack.stackName}`);
    return found.label;
  };
  const rules: IngressRule[] = [];
  for (const stack of stacks) {
    const template = Template.fromStack(stack);
    for (const [logicalId, resource] of Object.entries(template.findResources('AWS::EC2::SecurityGroup'))) {
      for (const rule of (resource['Properties']['SecurityGroupIngress'] ?? []) as Record<string, unknown>[]) {
        const source = rule['CidrIp'] ?? labelOf(rule['SourceSecurityGroupId'], stack);
        rules.push(`${String(source)} -> ${labelOf({ 'Fn::GetAtt': [logicalId] }, stack)}:${String(rule['FromPort'])}`);
      }
    }
    for (const resource of Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))) {
      const rule = resource['Properties'] as Record<string, unknown>;
      const source = rule['CidrIp'] ?? labelOf(rule['SourceSecurityGroupId'], stack);
      rules.push(`${String(source)} -> ${labelOf(rule['GroupId'], stack)}:${String(rule['FromPort'])}`);
    }
  }
  return rules.sort();
}
