import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** One allowed source of traffic. */
export interface IngressSource {
  /** Stable construct id of the rule (PascalCase); changing it replaces the rule. */
  readonly id: string;
  /** The security group traffic may come from. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Who this source is, shown in the console next to the rule. */
  readonly description: string;
}

/** Props for {@link SecurityGroupIngress}. */
export interface SecurityGroupIngressProps {
  /** The group receiving traffic. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The one TCP port the sources may reach. */
  readonly port: number;
  /** Every group allowed in; nothing else is. */
  readonly sources: readonly IngressSource[];
}

/**
 * Standalone ingress rules created in the stack that owns the receiving service, so a change to who may
 * call a service touches only that service's stack, and callers in other stacks never form a cycle.
 */
export class SecurityGroupIngress extends Construct {
  constructor(scope: Construct, id: string, props: SecurityGroupIngressProps) {
    super(scope, id);
    const ids = new Set<string>();
    for (const source of props.sources) {
      if (ids.has(source.id)) throw new Error(`SecurityGroupIngress ${id}: source id "${source.id}" is listed twice`);
      ids.add(source.id);
      new ec2.CfnSecurityGroupIngress(this, source.id, {
        groupId: props.securityGroup.securityGroupId,
        sourceSecurityGroupId: source.securityGroup.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: props.port,
        toPort: props.port,
        description: source.description,
      });
    }
  }
}
