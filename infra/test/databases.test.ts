import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseServiceCatalog, serviceCatalog, type ServiceCatalog, type ServiceDefinition } from '@forum/service-catalog';
import type { ForumStacks } from '../lib/forum-stacks';
import { buildForum, serviceTemplate } from './support/forum-app';
import { ingressRules } from './support/ingress-rules';

const withDatabase = serviceCatalog.services.filter((s) => s.database !== undefined);

/** The catalog with one service's entry replaced. */
function catalogWith(name: string, change: (s: ServiceDefinition) => Record<string, unknown>): ServiceCatalog {
  return parseServiceCatalog({ ...serviceCatalog, services: serviceCatalog.services.map((s) => (s.name === name ? change(s) : s)) });
}

function dataStack(stacks: ForumStacks, name: string): Stack {
  const stack = stacks.data.get(name);
  if (!stack) throw new Error(`no data stack for ${name}`);
  return stack;
}

/** The one container of a service stack's task definition. */
function container(template: Template): Record<string, unknown> {
  const definitions = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  expect(definitions).toHaveLength(1);
  return definitions[0]['Properties']['ContainerDefinitions'][0] as Record<string, unknown>;
}

function environment(template: Template): Record<string, unknown> {
  const entries = container(template)['Environment'] as { Name: string; Value: unknown }[];
  return Object.fromEntries(entries.map((e) => [e.Name, e.Value]));
}

/** Names of the stacks whose exports a template imports (`ForumUsersData`, ...). */
function importedStacks(template: Template): string[] {
  const found = JSON.stringify(template.toJSON()).match(/"Fn::ImportValue":"([A-Za-z0-9]+):/g) ?? [];
  return [...new Set(found.map((m) => m.replace(/^"Fn::ImportValue":"/, '').replace(/:$/, '')))].sort();
}

it('the catalog gives at least one service a database, so these tests check something', () => {
  expect(withDatabase.length).toBeGreaterThan(0);
});

describe.each(withDatabase.map((s) => [s.name, s] as const))('the %s database', (name, service) => {
  const { stacks } = buildForum();
  const template = Template.fromStack(dataStack(stacks, name));
  const database = service.database ?? { minCapacityAcu: -1, maxCapacityAcu: -1 };

  it('is an Aurora PostgreSQL 17 Serverless v2 cluster with one writer, sized from the catalog, pausing after 5 idle minutes at 0 ACU', () => {
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^17\\.'),
      DatabaseName: name,
      Port: 5432,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: database.minCapacityAcu,
        MaxCapacity: database.maxCapacityAcu,
        ...(database.minCapacityAcu === 0 ? { SecondsUntilAutoPause: 300 } : {}),
      },
    });
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.serverless',
      Engine: 'aurora-postgresql',
      PubliclyAccessible: false,
    });
  });

  it('encrypts storage, forces TLS, keeps 7 days of backups, is deletion-protected and leaves a snapshot when removed', () => {
    template.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({ StorageEncrypted: true, BackupRetentionPeriod: 7, DeletionProtection: true, CopyTagsToSnapshot: true }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: { 'rds.force_ssl': '1' },
    });
  });

  it('lives in the isolated subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [
        { 'Fn::ImportValue': Match.stringLikeRegexp('VpcDatabaseSubnet1') },
        { 'Fn::ImportValue': Match.stringLikeRegexp('VpcDatabaseSubnet2') },
      ],
    });
  });

  it('generates its credential into Secrets Manager, the password never in the template', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: `{"username":"${name}_app"}` }),
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      MasterUsername: `${name}_app`,
      MasterUserPassword: { 'Fn::Join': ['', Match.arrayWith([':SecretString:password::}}'])] },
    });
  });

  it('gives the service its endpoint, database and TLS mode as variables and its credential as ECS secrets', () => {
    const service = serviceTemplate(stacks, name);
    const env = environment(service);
    expect(env).toMatchObject({ STORAGE: 'postgres', PGPORT: '5432', PGDATABASE: name, DB_SSL: 'require' });
    expect(env['PGHOST']).toEqual({ 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${dataStack(stacks, name).stackName}:.*EndpointAddress`)) });
    expect(env).not.toHaveProperty('PGUSER');
    expect(env).not.toHaveProperty('PGPASSWORD');
    const secretRef = { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${dataStack(stacks, name).stackName}:.*SecretAttachment`)) };
    expect(container(service)['Secrets']).toEqual([
      { Name: 'PGUSER', ValueFrom: { 'Fn::Join': ['', [secretRef, ':username::']] } },
      { Name: 'PGPASSWORD', ValueFrom: { 'Fn::Join': ['', [secretRef, ':password::']] } },
    ]);
  });

  it('grants reading the secret to the service\'s execution role only', () => {
    const service = serviceTemplate(stacks, name);
    const roles = Object.keys(service.findResources('AWS::IAM::Role'));
    const executionRole = roles.find((id) => id.includes('ExecutionRole'));
    expect(executionRole).toBeDefined();
    expect(roles).toHaveLength(2);
    const readers = service.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']) })]) } },
    });
    expect(Object.values(readers).map((p) => p['Properties']['Roles'])).toEqual([[{ Ref: executionRole }]]);
    const [policy] = Object.values(readers);
    const statement = (policy['Properties']['PolicyDocument']['Statement'] as Record<string, unknown>[]).find((s) =>
      JSON.stringify(s['Action']).includes('secretsmanager'),
    );
    expect(statement).toEqual({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Effect: 'Allow',
      Resource: { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${dataStack(stacks, name).stackName}:.*SecretAttachment`)) },
    });
  });
});

describe('databases and the other services', () => {
  const { stacks } = buildForum();

  it.each(withDatabase.map((s) => s.name))('no other service stack imports anything from the %s data stack', (owner) => {
    const ownerData = dataStack(stacks, owner).stackName;
    for (const other of serviceCatalog.services.filter((s) => s.name !== owner)) {
      expect(importedStacks(serviceTemplate(stacks, other.name))).not.toContain(ownerData);
    }
    expect(importedStacks(Template.fromStack(stacks.gateway))).not.toContain(ownerData);
    expect(importedStacks(serviceTemplate(stacks, owner))).toContain(ownerData);
  });

  it('threads can reach neither the users cluster nor its secret', () => {
    const users = dataStack(stacks, 'users');
    const threads = serviceTemplate(stacks, 'threads');
    expect(importedStacks(threads)).not.toContain(users.stackName);
    // Every secret read in threads' stack is on threads' own secret.
    const reads = JSON.stringify(threads.findResources('AWS::IAM::Policy'));
    expect(reads).not.toContain(users.stackName);
    expect(rulesWithDatabases(stacks)).not.toContain('threads -> users-db:5432');
  });

  it('each cluster admits 5432 from its own service\'s tasks and nothing else', () => {
    const dbRules = rulesWithDatabases(stacks).filter((r) => r.includes('-db:'));
    expect(dbRules).toEqual(withDatabase.map((s) => `${s.name} -> ${s.name}-db:5432`).sort());
  });

  it('the clusters\' groups allow no outbound traffic', () => {
    for (const service of withDatabase) {
      Template.fromStack(dataStack(stacks, service.name)).hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
      });
    }
  });
});

describe('data stacks', () => {
  it('are one per service with a database, named Forum<Name>Data', () => {
    const { stacks } = buildForum();
    expect([...stacks.data.keys()]).toEqual(withDatabase.map((s) => s.name));
    for (const service of withDatabase) {
      const pascal = service.name.charAt(0).toUpperCase() + service.name.slice(1);
      expect(dataStack(stacks, service.name).stackName).toBe(`Forum${pascal}Data`);
    }
  });

  it('deploy before their service and after the network only, as cdk deploy --all orders by dependencies', () => {
    const { app, stacks } = buildForum();
    // The assembly's dependencies are what the CLI orders a deploy by.
    const assembly = app.synth();
    const stackIds = assembly.stacks.map((s) => s.id);
    const dependencies = (stack: Stack) =>
      assembly.getStackArtifact(stack.artifactId).dependencies.map((d) => d.id).filter((id) => stackIds.includes(id));
    for (const service of withDatabase) {
      const data = dataStack(stacks, service.name);
      expect(dependencies(data)).toEqual([stacks.network.artifactId]);
      const serviceStack = stacks.services.get(service.name);
      if (!serviceStack) throw new Error(`no service stack for ${service.name}`);
      expect(dependencies(serviceStack)).toContain(data.artifactId);
    }
  });

  it('none for a service without a database, which keeps its data in memory', () => {
    const [first] = withDatabase;
    const catalog = catalogWith(first.name, ({ database: _database, ...rest }) => rest);
    const { stacks } = buildForum({ catalog });
    expect(stacks.data.has(first.name)).toBe(false);
    expect(stacks.data.size).toBe(withDatabase.length - 1);
    const service = serviceTemplate(stacks, first.name);
    const env = environment(service);
    expect(env['STORAGE']).toBe('memory');
    expect(Object.keys(env).filter((k) => k.startsWith('PG') || k === 'DB_SSL')).toEqual([]);
    expect(container(service)['Secrets']).toBeUndefined();
    expect(JSON.stringify(service.toJSON())).not.toContain('secretsmanager');
  });

  it('keep the writer awake with a floor above 0 and then set no auto-pause', () => {
    const [first] = withDatabase;
    const catalog = catalogWith(first.name, (s) => ({ ...s, database: { minCapacityAcu: 0.5, maxCapacityAcu: 4 } }));
    Template.fromStack(dataStack(buildForum({ catalog }).stacks, first.name)).hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
    });
  });

  it('change alone when one service\'s database changes', () => {
    const [first] = withDatabase;
    const before = buildForum().stacks;
    const catalog = catalogWith(first.name, (s) => ({ ...s, database: { maxCapacityAcu: 8 } }));
    const after = buildForum({ catalog }).stacks;
    const all = (s: ForumStacks): Stack[] => [s.network, s.platform, s.registry, ...s.data.values(), ...s.services.values(), s.gateway];
    const changed = all(after)
      .filter((stack, i) => JSON.stringify(Template.fromStack(stack).toJSON()) !== JSON.stringify(Template.fromStack(all(before)[i]).toJSON()))
      .map((s) => s.stackName);
    expect(changed).toEqual([dataStack(after, first.name).stackName]);
  });

  it('name a dashed service\'s database and login with underscores, as RDS requires', () => {
    const catalog = parseServiceCatalog({
      ...serviceCatalog,
      services: [...serviceCatalog.services, { ...serviceCatalog.services[0], name: 'user-profiles', routePrefix: '/api/user-profiles', calls: [] }],
    });
    const { stacks } = buildForum({ catalog });
    expect(dataStack(stacks, 'user-profiles').stackName).toBe('ForumUserProfilesData');
    Template.fromStack(dataStack(stacks, 'user-profiles')).hasResourceProperties('AWS::RDS::DBCluster', {
      DatabaseName: 'user_profiles',
      MasterUsername: 'user_profiles_app',
    });
    expect(environment(serviceTemplate(stacks, 'user-profiles'))['PGDATABASE']).toBe('user_profiles');
  });
});

describe('the isolated subnets', () => {
  it('are two, with no route anywhere and no public IPs', () => {
    const template = Template.fromStack(buildForum().stacks.network);
    const subnets = template.findResources('AWS::EC2::Subnet', { Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]) } });
    expect(Object.keys(subnets)).toHaveLength(2);
    for (const subnet of Object.values(subnets)) expect(subnet['Properties']['MapPublicIpOnLaunch']).toBe(false);
    const associations = Object.values(template.findResources('AWS::EC2::SubnetRouteTableAssociation')).filter((a) =>
      Object.keys(subnets).includes(a['Properties']['SubnetId']['Ref']),
    );
    expect(associations).toHaveLength(2);
    const routeTables = associations.map((a) => a['Properties']['RouteTableId']['Ref'] as string);
    const routes = Object.values(template.findResources('AWS::EC2::Route')).map((r) => r['Properties']['RouteTableId']['Ref']);
    expect(routes.length).toBeGreaterThan(0);
    for (const table of routeTables) expect(routes).not.toContain(table);
  });
});

/** Every inbound rule, with each database group labelled `<service>-db`. */
function rulesWithDatabases(stacks: ForumStacks): string[] {
  const groups = [
    { label: 'alb', group: stacks.gateway.loadBalancer.connections.securityGroups[0] },
    { label: 'gateway', group: stacks.network.gatewaySecurityGroup },
    ...[...stacks.network.serviceSecurityGroups].map(([label, group]) => ({ label, group })),
    ...[...stacks.data].map(([name, stack]) => ({ label: `${name}-db`, group: stack.database.securityGroup })),
  ];
  return ingressRules([stacks.network, stacks.platform, stacks.registry, ...stacks.data.values(), ...stacks.services.values(), stacks.gateway], groups);
}
