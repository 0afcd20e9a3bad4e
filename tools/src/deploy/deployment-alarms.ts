import { DescribeServiceDeploymentsCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';

/** The CloudWatch alarms ECS watches while deploying this service; empty when deployment alarms are off. */
export function deploymentAlarmNames(service: Service): readonly string[] {
  const alarms = service.deploymentConfiguration?.alarms;
  return alarms?.enable ? (alarms.alarmNames ?? []) : [];
}

/** Whether a rollout state reason or service event blames an alarm (ECS writes "deployment failed: alarm detected."). */
export function blamesAlarm(text: string): boolean {
  return /\balarm/i.test(text);
}

/** `a`, `a or b`, `a, b or c`. */
export function alarmList(names: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

async function triggeredAlarms(ecs: ECSClient, serviceDeploymentArn: string): Promise<readonly string[]> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeploymentArn] }));
  return out.serviceDeployments?.[0]?.alarms?.triggeredAlarmNames ?? [];
}

/**
 * Says which deployment alarm failed the deployment. ECS's reason and events only say "alarm detected", so the names
 * come from the text when it has them, else from ECS's record of the service deployment: its triggeredAlarmNames stay
 * set after the alarm has gone back to OK, which the alarm's own current state would not show once the rollback
 * has removed the bad tasks. When neither names one, it lists the configured alarms and says why it could not tell.
 */
export async function describeFiredAlarms(ecs: ECSClient, configured: readonly string[], text: string, serviceDeploymentArn: string | undefined): Promise<string> {
  const named = configured.filter((alarm) => text.includes(alarm));
  if (named.length > 0) return firedPhrase(named);
  let why = 'ECS did not report the service deployment';
  if (serviceDeploymentArn) {
    try {
      const triggered = await triggeredAlarms(ecs, serviceDeploymentArn);
      if (triggered.length > 0) return firedPhrase(triggered);
      why = `ECS lists no triggered alarm for ${serviceDeploymentArn}`;
    } catch (error) {
      // The rollback is the failure to report; not knowing which alarm fired only makes the message less precise.
      why = `DescribeServiceDeployments failed: ${(error as Error).name}: ${(error as Error).message}`;
    }
  }
  const which = configured.length > 0 ? `one of its deployment alarms (${alarmList(configured)})` : 'a deployment alarm';
  return `${which} went to ALARM (which one is unknown: ${why})`;
}

function firedPhrase(names: readonly string[]): string {
  return names.length === 1 ? `deployment alarm ${names[0]} went to ALARM` : `deployment alarms ${alarmList(names, 'and')} went to ALARM`;
}
