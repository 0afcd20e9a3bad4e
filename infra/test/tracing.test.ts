import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseServiceCatalog, serviceCatalog } from '@forum/service-catalog';
import { OTEL_COLLECTOR_IMAGE, XRAY_WRITE_ACTIONS } from '../lib/constructs/tracing-sidecar';
import { buildForum, serviceTemplate } from './support/forum-app';

type Container = Record<string, unknown> & { Name: string; Environment?: { Name: string; Value: string }[] };

function containers(template: Template): Container[] {
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  return taskDefinition['Properties']['ContainerDefinitions'];
}

/** Every statement of every IAM policy in the template that mentions X-Ray. */
function xrayStatements(template: Template): unknown[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p['Properties']['PolicyDocument']['Statement'] as { Action: string | string[] }[])
    .filter((s) => [s.Action].flat().some((a) => a.startsWith('xray:')));
}

describe.each(serviceCatalog.services)('$name with tracing on', (service) => {
  it('runs the ADOT collector beside it (non-root, read-only, 128 MiB, own log stream), pointed to, with X-Ray writes only', () => {
    const template = serviceTemplate(buildForum({ tracing: true }).stacks, service.name);
    const [app, collector] = containers(template);
    expect(app.Name).toBe(service.name);
    expect(app['Memory']).toBe(service.memoryMiB - 128);
    expect(collector).toMatchObject({
      Name: 'otel-collector',
      Image: OTEL_COLLECTOR_IMAGE,
      Command: ['--config=/etc/ecs/ecs-xray.yaml'],
      Essential: false,
      User: '4317',
      ReadonlyRootFilesystem: true,
      Memory: 128,
      LogConfiguration: { LogDriver: 'awslogs', Options: expect.objectContaining({ 'awslogs-stream-prefix': service.name }) },
    });
    expect(OTEL_COLLECTOR_IMAGE).toMatch(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/);
    expect(app.Environment).toEqual(
      expect.arrayContaining([
        { Name: 'OTEL_EXPORTER_OTLP_ENDPOINT', Value: 'http://localhost:4318' },
        { Name: 'OTEL_SERVICE_NAME', Value: service.name },
      ]),
    );
    expect(xrayStatements(template)).toEqual([{ Action: XRAY_WRITE_ACTIONS, Effect: 'Allow', Resource: '*' }]);
    expect(XRAY_WRITE_ACTIONS).toEqual([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:GetSamplingStatisticSummaries',
    ]);
  });
});

describe('tracing', () => {
  it('is off by default: no collector, no X-Ray permission, no OTEL variables, the whole memory for the service', () => {
    const { stacks } = buildForum();
    for (const service of serviceCatalog.services) {
      const template = serviceTemplate(stacks, service.name);
      const all = containers(template);
      expect(all.map((c) => c.Name)).toEqual([service.name]);
      expect(all[0]['Memory']).toBe(service.memoryMiB);
      expect((all[0].Environment ?? []).filter((e) => e.Name.startsWith('OTEL_'))).toEqual([]);
      expect(xrayStatements(template)).toEqual([]);
    }
  });

  it('leaves the gateway alone', () => {
    const gateway = Template.fromStack(buildForum({ tracing: true }).stacks.gateway);
    expect(containers(gateway).map((c) => c.Name)).toEqual(['gateway']);
    expect(xrayStatements(gateway)).toEqual([]);
  });

  it('keeps the Cloud Map permission of a caller beside the X-Ray one', () => {
    const caller = serviceCatalog.services.find((s) => s.calls.length > 0);
    if (!caller) return;
    serviceTemplate(buildForum({ tracing: true }).stacks, caller.name).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'servicediscovery:DiscoverInstances' })]) },
    });
  });

  it('refuses a task too small to hold the collector beside the service', () => {
    const services = serviceCatalog.services.map(({ routePrefix: _derived, ...s }) => ({ ...s, memoryMiB: 256 }));
    expect(() => buildForum({ catalog: parseServiceCatalog({ ...serviceCatalog, services }), tracing: true })).toThrow(
      /memoryMiB must leave 256 MiB beside the 128 MiB tracing collector, got 256/,
    );
  });
});
