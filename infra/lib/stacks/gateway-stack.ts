import { CfnOutput, Duration, Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DEFAULT_ALARM_THRESHOLDS, GATEWAY_NAME, gatewayServicesValue, type ServiceCatalog } from '@forum/service-catalog';
import { Construct } from 'constructs';
import { ALARM_PERIOD, errorRateAlarm, thresholdAlarm } from '../alarms';
import { FargateService } from '../constructs/fargate-service';
import { RequestMetricFilters } from '../constructs/request-metrics';
import { SecurityGroupIngress } from '../constructs/security-group-ingress';
import type { AlarmKind } from '../naming';
import { controlTowerRule } from '../policy-checks';

/** Port nginx listens on inside the task (non-root, so above 1024). */
export const GATEWAY_PORT = 8080;

/** Props for {@link GatewayStack}. */
export interface GatewayStackProps extends StackProps {
  /** Services nginx routes to (`GATEWAY_SERVICES`). */
  readonly catalog: ServiceCatalog;
  /** VPC: the ALB goes in its public subnets, nginx in its private ones. */
  readonly vpc: ec2.IVpc;
  /** Cluster to run nginx in. */
  readonly cluster: ecs.ICluster;
  /** Cloud Map namespace nginx registers in as `gateway` and resolves the services in (`DISCOVERY_NAMESPACE`). */
  readonly namespace: servicediscovery.INamespace;
  /** The nginx tasks' group (from the network stack); the ALB is its only source. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The gateway image repository. */
  readonly repository: ecr.IRepository;
  /** Task definition family, from the project's deploy names. */
  readonly family: string;
  /** The gateway log group. */
  readonly logGroup: logs.ILogGroup;
  /** Image tag to run. */
  readonly imageTag: string;
  /** ACM certificate ARN. Given: HTTPS on 443 and HTTP redirects to it. Omitted: plain HTTP on 80 only. */
  readonly certificateArn?: string;
  /**
   * Bucket the ALB writes access logs to (under `alb/`); the stack needs a concrete region, since log delivery is
   * granted to that region's ELB account. Omitted: no access logs.
   */
  readonly accessLogsBucket?: s3.IBucket;
  /** ALB deletion protection. Omitted: false, so `cdk destroy` can remove the starter. */
  readonly deletionProtection?: boolean;
  /** HSTS `max-age` the HTTPS listener sends (no `includeSubDomains`: other hosts of the domain are not ours). Omitted: 365 days. */
  readonly hstsMaxAge?: Duration;
  /** Task CPU architecture. Omitted: ARM64. */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
  /** nginx `limit_req` rate per client, e.g. `50r/s`, or `off`. Omitted: `50r/s`. */
  readonly rateLimit?: string;
  /** Burst allowed above the rate before 429s. Omitted: 100. */
  readonly rateLimitBurst?: number;
  /** ALB requests per nginx task the scaling policy aims for. Omitted: 1000. */
  readonly requestsPerTarget?: number;
  /** Task counts. Omitted: 2 desired, 2 min, 6 max. */
  readonly desiredCount?: number;
  /** Auto scaling floor. Omitted: 2. */
  readonly minCount?: number;
  /** Auto scaling ceiling. Omitted: 6. */
  readonly maxCount?: number;
  /** CloudWatch namespace of the metrics taken from nginx's access log lines. */
  readonly metricNamespace: string;
  /** Fixed name of each of the gateway's alarms, from the project's naming. */
  readonly alarmName: (kind: AlarmKind) => string;
  /** Topic every alarm notifies (from the platform stack). */
  readonly alarmTopic: sns.ITopic;
  /** Share of ALB requests answered 5xx, in percent, above which the 5xx alarm fires. Omitted: the services' default. */
  readonly errorRatePercent?: number;
}

/**
 * The nginx gateway as its own ECS service behind an internet-facing ALB in the public subnets. nginx resolves
 * `<service>.<namespace>` at request time through the VPC resolver from the task's /etc/resolv.conf.
 */
export class GatewayStack extends Stack {
  /** The internet-facing load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The nginx Fargate service. */
  public readonly fargate: FargateService;
  /** The ALB's target group of nginx tasks. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id, props);
    const https = props.certificateArn !== undefined;
    if (https && !/^arn:aws[a-z-]*:acm:/.test(props.certificateArn ?? '')) {
      throw new Error(`GatewayStack: certificateArn must be an ACM certificate ARN, got "${props.certificateArn}"`);
    }
    const hstsSeconds = (props.hstsMaxAge ?? Duration.days(365)).toSeconds();
    if (!Number.isInteger(hstsSeconds) || hstsSeconds < 1) {
      throw new Error(`GatewayStack: hstsMaxAge must be a whole number of seconds above 0, got ${hstsSeconds}`);
    }

    // Immutable view of the network stack's group: CDK's automatic ALB-to-target rules would otherwise land in
    // the network stack and make it depend on this one. The one rule it needs is added explicitly below.
    const gatewayGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'GatewayGroup', props.securityGroup.securityGroupId, {
      mutable: false,
      allowAllOutbound: true,
    });
    this.fargate = new FargateService(this, 'Gateway', {
      name: GATEWAY_NAME,
      cluster: props.cluster,
      namespace: props.namespace,
      securityGroup: gatewayGroup,
      repository: props.repository,
      family: props.family,
      imageTag: props.imageTag,
      logGroup: props.logGroup,
      containerPort: GATEWAY_PORT,
      cpu: 256,
      memoryMiB: 512,
      // The nginx image's USER; the rendered config and nginx's pid and temp files are its only writable paths.
      user: 'nginx',
      writablePaths: ['/etc/nginx/gateway', '/tmp/nginx'],
      desiredCount: props.desiredCount ?? 2,
      minCount: props.minCount ?? 2,
      maxCount: props.maxCount ?? 6,
      cpuArchitecture: props.cpuArchitecture,
      healthCheckCommand: `wget -q -O /dev/null http://127.0.0.1:${GATEWAY_PORT}/healthz || exit 1`,
      // Longer than the ALB deregistration delay below, so in-flight requests finish before nginx stops.
      stopTimeout: Duration.seconds(30),
      environment: {
        GATEWAY_SERVICES: gatewayServicesValue(props.catalog.services),
        // The namespace actually created (context `namespace` may override the catalog's), or nginx resolves nothing.
        DISCOVERY_NAMESPACE: props.namespace.namespaceName,
        GATEWAY_LISTEN: String(GATEWAY_PORT),
        GATEWAY_RATE_LIMIT: props.rateLimit ?? '50r/s',
        GATEWAY_RATE_LIMIT_BURST: String(props.rateLimitBurst ?? 100),
        // The ALB is the TCP peer; trust its X-Forwarded-For so rate limits apply per real client.
        GATEWAY_REAL_IP_FROM: props.vpc.vpcCidrBlock,
      },
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc: props.vpc,
      description: 'Internet-facing ALB: HTTP/HTTPS from anywhere, out only to the gateway',
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet');
    if (https) albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    Validations.of(albSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The public ALB must accept HTTP/HTTPS from any address; nothing behind it is reachable directly.',
    });

    new SecurityGroupIngress(this, 'Ingress', {
      securityGroup: gatewayGroup,
      port: GATEWAY_PORT,
      sources: [{ id: 'FromAlb', securityGroup: albSecurityGroup, description: 'ALB to gateway' }],
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection ?? false,
    });
    if (!props.deletionProtection) {
      Validations.of(this.loadBalancer).acknowledge({
        id: controlTowerRule('elbv2_deletion_protection_enabled_check'),
        reason: 'Deletion protection is off so the starter can be torn down in one command (context albDeletionProtection=true turns it on).',
      });
    }
    if (props.accessLogsBucket) {
      if (Token.isUnresolved(this.region)) {
        throw new Error('GatewayStack: ALB access logs need a region (context region/account or AWS credentials), not env-agnostic templates');
      }
      this.loadBalancer.logAccessLogs(props.accessLogsBucket, 'alb');
      Validations.of(this.loadBalancer).acknowledge({
        id: controlTowerRule('elbv2_logging_enabled_check'),
        reason: 'Access logs are on; the rule only follows a bucket in the same template, and this one lives in ForumRegistry.',
      });
    } else {
      Validations.of(this.loadBalancer).acknowledge(
        { id: 'AwsSolutions-ELB2', reason: 'Access logs are off for this deployment (context albAccessLogs=true turns them on).' },
        {
          id: controlTowerRule('elbv2_logging_enabled_check'),
          reason: 'Access logs are off for this deployment (context albAccessLogs=true turns them on).',
        },
      );
    }

    const targets = {
      port: GATEWAY_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.fargate.service.loadBalancerTarget({ containerName: GATEWAY_NAME, containerPort: GATEWAY_PORT })],
      healthCheck: { path: '/healthz', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
      // nginx requests are short; a long delay only slows every deploy down.
      deregistrationDelay: Duration.seconds(15),
    };
    const listener = https ? this.addHttpsListeners(props.certificateArn as string, hstsSeconds) : this.addHttpListener();
    this.targetGroup = listener.addTargets('Gateway', targets);

    this.fargate.scaling.scaleOnRequestCount('RequestCountScaling', {
      requestsPerTarget: props.requestsPerTarget ?? 1000,
      targetGroup: this.targetGroup,
      scaleInCooldown: Duration.seconds(120),
      scaleOutCooldown: Duration.seconds(30),
    });

    // Requests, 5xx and latency (seconds) from nginx's access log, for the dashboard.
    new RequestMetricFilters(this, 'RequestMetrics', {
      logGroup: props.logGroup,
      namespace: props.metricNamespace,
      subject: GATEWAY_NAME,
      format: 'gateway',
    });
    this.addAlarms(props);

    const scheme = https ? 'https' : 'http';
    new CfnOutput(this, 'AlbUrl', { value: `${scheme}://${this.loadBalancer.loadBalancerDnsName}`, description: 'Public URL' });
    new CfnOutput(this, 'ServiceName', { value: this.fargate.service.serviceName, description: 'ECS service of the gateway' });
  }

  /**
   * The ALB's 5xx rate (its own 5xx, e.g. no healthy target, plus nginx's, which include the services') and nginx
   * targets failing health checks; a gateway deployment rolls back on either.
   */
  private addAlarms(props: GatewayStackProps): void {
    const errorRatePercent = props.errorRatePercent ?? DEFAULT_ALARM_THRESHOLDS.errorRatePercent;
    const { metrics } = this.loadBalancer;
    const perMinute = { period: ALARM_PERIOD };
    this.fargate.rollBackOnAlarms([
      errorRateAlarm(this, 'ErrorRateAlarm', {
        alarmName: props.alarmName('5xx-rate'),
        description: `More than ${errorRatePercent} % of ALB requests answered 5xx by the ALB or nginx (minutes with enough traffic only).`,
        topic: props.alarmTopic,
        requests: metrics.requestCount(perMinute),
        serverErrors: [
          metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, perMinute),
          metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, perMinute),
        ],
        thresholdPercent: errorRatePercent,
      }),
      thresholdAlarm(this, 'UnhealthyHostsAlarm', {
        alarmName: props.alarmName('unhealthy-hosts'),
        description: 'At least one nginx task behind the ALB fails its health check.',
        topic: props.alarmTopic,
        metric: this.targetGroup.metrics.unhealthyHostCount({ ...perMinute, statistic: 'Maximum' }),
        threshold: 1,
      }),
    ]);
  }

  /** Plain HTTP only, for a deployment without a certificate (a first try, a private demo). */
  private addHttpListener(): elbv2.ApplicationListener {
    const listener = this.loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false });
    Validations.of(listener).acknowledge({
      id: controlTowerRule('alb_http_to_https_redirection_check'),
      reason: 'No certificate is configured, so there is no HTTPS to redirect to (context certificateArn adds HTTPS and the redirect).',
    });
    return listener;
  }

  private addHttpsListeners(certificateArn: string, hstsSeconds: number): elbv2.ApplicationListener {
    this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    const listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      open: false,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    // The ALB adds Strict-Transport-Security to every HTTPS response (aws-cdk-lib has no typed option for this
    // listener attribute); browsers then never try plain HTTP again, so the redirect is not a downgrade window.
    listener.setAttribute('routing.http.response.strict_transport_security.header_value', `max-age=${hstsSeconds}`);
    return listener;
  }
}
