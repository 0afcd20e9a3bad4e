import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { ServiceDefinition } from '@forum/service-catalog';
import { Construct } from 'constructs';
import { AuroraDatabase, type DatabaseConnection } from '../constructs/aurora-database';
import { databaseName } from '../naming';

/** Props for {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The catalog entry whose database this stack holds; it must have `database`. */
  readonly service: ServiceDefinition;
  /** VPC with the isolated subnets the cluster goes in. */
  readonly vpc: ec2.IVpc;
  /** The service's task group (from the network stack), the only one admitted. */
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
}

/**
 * One service's database, in a stack of its own: a change to one service's database deploys only this stack, and
 * replacing or deleting the service stack never touches the data. It depends on the network stack only; the
 * service stack depends on it (endpoint and secret), so `cdk deploy --all` deploys it first.
 */
export class DataStack extends Stack {
  /** The cluster, its group and secret. */
  public readonly database: AuroraDatabase;
  /** What the service stack turns into `PG*` variables and secrets. */
  public readonly connection: DatabaseConnection;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { service } = props;
    if (!service.database) throw new Error(`DataStack: service "${service.name}" has no database in the catalog`);
    const name = databaseName(service.name);
    this.database = new AuroraDatabase(this, 'Database', {
      serviceName: service.name,
      vpc: props.vpc,
      clientSecurityGroup: props.serviceSecurityGroup,
      databaseName: name,
      // Suffixed so that no service name (user, order, ...) becomes a PostgreSQL keyword RDS refuses as a login.
      username: `${name}_app`,
      minCapacityAcu: service.database.minCapacityAcu,
      maxCapacityAcu: service.database.maxCapacityAcu,
    });
    this.connection = this.database.connection;
    new CfnOutput(this, 'Endpoint', { value: this.connection.hostname, description: `Writer endpoint of the ${service.name} database` });
    new CfnOutput(this, 'SecretArn', { value: this.connection.secret.secretArn, description: `Credential of the ${service.name} database` });
  }
}
