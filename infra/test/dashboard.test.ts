import { Template } from 'aws-cdk-lib/assertions';
import { serviceCatalog, type ServiceCatalog } from '@forum/service-catalog';
import { buildForum, catalogWithComments } from './support/forum-app';

interface Widget {
  readonly type: string;
  readonly properties: { readonly markdown?: string; readonly title?: string; readonly metrics?: unknown[][]; readonly alarms?: string[] };
}

/** The dashboard's widgets, with every CloudFormation reference in its body replaced by `<ref>`. */
function dashboardWidgets(catalog: ServiceCatalog = serviceCatalog): Widget[] {
  const template = Template.fromStack(buildForum({ catalog }).stacks.dashboard);
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  expect(dashboards[0]['Properties']['DashboardName']).toBe('forum');
  const body = dashboards[0]['Properties']['DashboardBody'] as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

/** The graphs of the row under the heading `### <title>`. */
function row(widgets: Widget[], title: string): Widget[] {
  const start = widgets.findIndex((w) => w.properties.markdown === `### ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = widgets.findIndex((w, index) => index > start && w.type === 'text');
  return widgets.slice(start + 1, end < 0 ? undefined : end);
}

/** Metric names a widget graphs (namespace, name, then dimensions, per CloudWatch's dashboard body format). */
function metricNames(widgets: Widget[]): string[] {
  return widgets.flatMap((w) => (w.properties.metrics ?? []).map((m) => String(m[1] === '.' ? m[0] : m[1])));
}

describe('the dashboard', () => {
  it('has a row per catalog service, in catalog order, after the gateway row', () => {
    const headings = dashboardWidgets().filter((w) => w.type === 'text').map((w) => w.properties.markdown);
    expect(headings).toEqual(['### gateway: ALB and nginx', ...serviceCatalog.services.map((s) => `### ${s.name}`)]);
  });

  it('shows per service requests, 5xx, p50/p99, ECS CPU/memory/tasks, and its database if it has one', () => {
    const widgets = dashboardWidgets();
    for (const service of serviceCatalog.services) {
      const graphs = row(widgets, service.name);
      const metrics = metricNames(graphs);
      expect(metrics).toEqual(
        expect.arrayContaining([
          ...['requests', '5xx', 'latency'].map((metric) => `${service.name}-${metric}`),
          ...['CPUUtilization', 'MemoryUtilization', 'RunningTaskCount'],
        ]),
      );
      const latency = graphs.find((g) => g.properties.title?.startsWith('Latency'));
      expect(JSON.stringify(latency?.properties.metrics)).toMatch(/"stat":"p50".*"stat":"p99"/);
      const database = ['ServerlessDatabaseCapacity', 'ACUUtilization', 'DatabaseConnections'];
      if (service.database) expect(metrics).toEqual(expect.arrayContaining(database));
      else expect(metrics.filter((m) => database.includes(m))).toEqual([]);
    }
  });

  it('shows the ALB and the gateway log metrics in the gateway row', () => {
    const metrics = metricNames(row(dashboardWidgets(), 'gateway: ALB and nginx'));
    expect(metrics).toEqual(
      expect.arrayContaining([
        'RequestCount',
        'HTTPCode_ELB_5XX_Count',
        'HTTPCode_Target_5XX_Count',
        'TargetResponseTime',
        'UnHealthyHostCount',
        'gateway-requests',
        'gateway-5xx',
        'gateway-latency',
      ]),
    );
  });

  it('lists every alarm by name at the top', () => {
    const [status] = dashboardWidgets().filter((w) => w.type === 'alarm');
    const names = (status.properties.alarms ?? []).map((arn) => arn.split(':alarm:')[1]);
    expect(names).toEqual([
      'forum-gateway-5xx-rate',
      'forum-gateway-unhealthy-hosts',
      ...serviceCatalog.services.flatMap((s) => [`forum-${s.name}-5xx-rate`, `forum-${s.name}-p99-latency`]),
    ]);
  });

  it('gets a row for a new catalog entry with no other change', () => {
    const widgets = dashboardWidgets(catalogWithComments());
    expect(metricNames(row(widgets, 'comments'))).toEqual(expect.arrayContaining(['comments-requests', 'comments-latency']));
  });
});
