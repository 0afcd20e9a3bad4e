import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { controlTowerRule } from '../policy-checks';
import { SecurityGroupIngress } from './security-group-ingress';

/** PostgreSQL's port: the services default to it, and `PGPORT` says it explicitly. */
export const POSTGRES_PORT = 5432;

/** Where one service finds its database: what its task definition turns into `PG*` variables and secrets. */
export interface DatabaseConnection {
  /** Writer endpoint host name (`PGHOST`). */
  readonly hostname: string;
  /** Writer endpoint port (`PGPORT`). */
  readonly port: number;
  /** The database created with the cluster (`PGDATABASE`). */
  readonly databaseName: string;
  /** Generated credential, JSON with `username` and `password` (`PGUSER`, `PGPASSWORD`). */
  readonly secret: secretsmanager.ISecret;
}

/** Props for {@link AuroraDatabase}. */
export interface AuroraDatabaseProps {
  /** Catalog name of the owning service; names the security group and the database's description. */
  readonly serviceName: string;
  /** VPC whose isolated subnets hold the cluster. */
  readonly vpc: ec2.IVpc;
  /** The owning service's task group: the only source admitted on {@link POSTGRES_PORT}. */
  readonly clientSecurityGroup: ec2.ISecurityGroup;
  /** Database created with the cluster; the service connects to it. */
  readonly databaseName: string;
  /** Login of the generated credential (letters, digits, underscores; not a PostgreSQL keyword). */
  readonly username: string;
  /** Serverless v2 floor in ACUs; 0 lets the writer pause when idle. */
  readonly minCapacityAcu: number;
  /** Serverless v2 ceiling in ACUs. */
  readonly maxCapacityAcu: number;
  /** Idle time before a writer with a 0 ACU floor pauses (5 min to 24 h). Omitted: 5 minutes, AWS's default. */
  readonly autoPauseAfter?: Duration;
  /** Automated backup retention. Omitted: 7 days. */
  readonly backupRetention?: Duration;
}

/**
 * One service's Aurora PostgreSQL 17 Serverless v2 cluster: a single writer in the VPC's isolated subnets, encrypted
 * storage, TLS forced, 7-day backups, deletion protection, a final snapshot when removed, its credential generated
 * into Secrets Manager, and a security group admitting only the owning service's tasks on 5432.
 */
export class AuroraDatabase extends Construct {
  /** The cluster. */
  public readonly cluster: rds.DatabaseCluster;
  /** The cluster's own group (no other rule than the owning service's). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** What the owning service needs to connect. */
  public readonly connection: DatabaseConnection;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    validateProps(props);
    const paused = props.minCapacityAcu === 0;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.serviceName} database: PostgreSQL from ${props.serviceName} tasks only`,
      // A database opens no connections of its own.
      allowAllOutbound: false,
    });
    new SecurityGroupIngress(this, 'Ingress', {
      securityGroup: this.securityGroup,
      port: POSTGRES_PORT,
      sources: [{ id: 'FromService', securityGroup: props.clientSecurityGroup, description: `${props.serviceName} tasks to their database` }],
    });

    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_9 });
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      // Explicit although 1 is the default from PostgreSQL 15 on: the services send DB_SSL=require and rely on it.
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', { engine, parameters: { 'rds.force_ssl': '1' } }),
      writer: rds.ClusterInstance.serverlessV2('Writer', { publiclyAccessible: false, autoMinorVersionUpgrade: true }),
      // For people (psql with a token, no shared password); the service itself signs in with the generated secret.
      iamAuthentication: true,
      serverlessV2MinCapacity: props.minCapacityAcu,
      serverlessV2MaxCapacity: props.maxCapacityAcu,
      // Only meaningful (and only accepted) with a 0 ACU floor.
      serverlessV2AutoPauseDuration: paused ? (props.autoPauseAfter ?? Duration.minutes(5)) : undefined,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      port: POSTGRES_PORT,
      defaultDatabaseName: props.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(props.username),
      storageEncrypted: true,
      backup: { retention: props.backupRetention ?? Duration.days(7) },
      deletionProtection: true,
      copyTagsToSnapshot: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    const secret = this.cluster.secret;
    if (!secret) throw new Error(`AuroraDatabase ${props.serviceName}: the cluster has no generated secret`);
    this.connection = {
      hostname: this.cluster.clusterEndpoint.hostname,
      port: POSTGRES_PORT,
      databaseName: props.databaseName,
      secret,
    };

    Validations.of(this.cluster).acknowledge(
      {
        id: 'AwsSolutions-RDS11',
        reason: "Port 5432 is reachable only from the owning service's tasks in isolated subnets; another port would hide nothing from them.",
      },
      {
        id: controlTowerRule('rds_cluster_logging_enabled_check'),
        reason:
          'Exported PostgreSQL logs would go to a log group RDS creates outside this app, unencrypted and kept forever; the services log the database errors they meet themselves.',
      },
      {
        id: controlTowerRule('rds_instance_enhanced_monitoring_enabled_check'),
        reason:
          'Enhanced Monitoring adds per-second OS metrics at extra CloudWatch cost; a Serverless v2 writer already reports ACU, CPU and memory use as CloudWatch metrics.',
      },
    );
    // The generated secret itself; `cluster.secret` is its attachment to the cluster.
    Validations.of(this.cluster.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ECS injects the password only when a task starts, so after an automatic rotation running tasks could open no new connection until replaced; rotate by hand, then restart the service.',
    });
  }
}

function validateProps(props: AuroraDatabaseProps): void {
  const problems: string[] = [];
  const acu = (value: number) => Number.isInteger(value * 2) && value >= 0 && value <= 256;
  if (!acu(props.minCapacityAcu)) problems.push(`minCapacityAcu must be 0..256 in 0.5 steps, got ${props.minCapacityAcu}`);
  if (!acu(props.maxCapacityAcu) || props.maxCapacityAcu < 1) problems.push(`maxCapacityAcu must be 1..256 in 0.5 steps, got ${props.maxCapacityAcu}`);
  if (props.minCapacityAcu > props.maxCapacityAcu) problems.push('minCapacityAcu must not exceed maxCapacityAcu');
  if (props.autoPauseAfter !== undefined && props.minCapacityAcu > 0) problems.push('autoPauseAfter needs minCapacityAcu 0');
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(props.databaseName)) problems.push(`databaseName "${props.databaseName}" must be lower-case letters, digits and underscores`);
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(props.username)) problems.push(`username "${props.username}" must be lower-case letters, digits and underscores`);
  const backupDays = (props.backupRetention ?? Duration.days(7)).toDays();
  if (!Number.isInteger(backupDays) || backupDays < 1 || backupDays > 35) problems.push(`backupRetention must be 1..35 whole days, got ${backupDays}`);
  if (problems.length > 0) throw new Error(`AuroraDatabase ${props.serviceName}: ${problems.join('; ')}`);
}
