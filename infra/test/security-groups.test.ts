import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { serviceCatalog } from '@forum/service-catalog';
import type { ForumStacks } from '../lib/forum-stacks';
import { buildForum, catalogWithComments } from './support/forum-app';
import { ingressRules } from './support/ingress-rules';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

function allRules(stacks: ForumStacks): string[] {
  const albGroup = stacks.gateway.loadBalancer.connections.securityGroups[0];
  const groups = [
    { label: 'alb', group: albGroup },
    { label: 'gateway', group: stacks.network.gatewaySecurityGroup },
    ...[...stacks.network.serviceSecurityGroups].map(([label, group]) => ({ label, group })),
    ...[...stacks.data].map(([name, stack]) => ({ label: `${name}-db`, group: stack.database.securityGroup })),
  ];
  const endpointGroup = stacks.network.node.tryFindChild('EndpointSecurityGroup');
  if (endpointGroup) groups.push({ label: 'endpoints', group: endpointGroup as ec2.SecurityGroup });
  return ingressRules(
    [stacks.network, stacks.platform, stacks.registry, ...stacks.data.values(), ...stacks.services.values(), stacks.gateway],
    groups,
  );
}

describe('security groups', () => {
  it('let the internet reach only the ALB, the ALB only nginx, each service only nginx and its callers, each database only its service', () => {
    const { stacks } = buildForum();
    const databases = serviceCatalog.services.filter((s) => s.database).map((s) => `${s.name} -> ${s.name}-db:5432`);
    expect(databases.length).toBeGreaterThan(0);
    expect(allRules(stacks)).toEqual(
      [
        ...databases,
        '0.0.0.0/0 -> alb:80',
        'alb -> gateway:8080',
        'gateway -> users:3000',
        'gateway -> threads:3000',
        'gateway -> posts:3000',
        'threads -> users:3000',
        'posts -> users:3000',
        'posts -> threads:3000',
      ].sort(),
    );
  });

  it('open 443 on the ALB only when HTTPS is configured', () => {
    const { stacks } = buildForum({ certificateArn: CERTIFICATE });
    expect(allRules(stacks).filter((r) => r.startsWith('0.0.0.0/0'))).toEqual(['0.0.0.0/0 -> alb:443', '0.0.0.0/0 -> alb:80']);
  });

  it('admit a new caller from the catalog and nothing else', () => {
    const catalog = catalogWithComments();
    const { stacks } = buildForum({ catalog });
    const ownDatabase = catalog.services.some((s) => s.name === 'comments' && s.database) ? ['comments -> comments-db:5432'] : [];
    expect(allRules(stacks).filter((r) => r.includes('comments'))).toEqual(
      ['comments -> users:3000', 'gateway -> comments:3000', ...ownDatabase].sort(),
    );
  });

  it('let the VPC endpoints accept HTTPS from the forum tasks only', () => {
    const { stacks } = buildForum({ vpcEndpoints: true });
    expect(allRules(stacks).filter((r) => r.includes('endpoints'))).toEqual(
      ['gateway', 'posts', 'threads', 'users'].map((from) => `${from} -> endpoints:443`),
    );
  });
});
