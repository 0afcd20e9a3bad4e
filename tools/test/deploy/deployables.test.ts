import { CLUSTER_NAME, GATEWAY_NAME, parseServiceCatalog, repositoryName, serviceCatalog, taskFamily } from '@forum/service-catalog';
import { parseImageStepFlags, parseInfraFlags } from '../../src/deploy/deploy-flags';
import { findDeployable, listDeployables } from '../../src/deploy/deployables';

const AWS = ['--region=eu-west-1', '--account=123456789012'];
const SHA = 'a'.repeat(40);

describe('deployables', () => {
  it('are the catalog services then the gateway, named as the CDK app names their resources', () => {
    const names = [...serviceCatalog.services.map((s) => s.name), GATEWAY_NAME];
    expect(listDeployables()).toEqual(
      names.map((name) =>
        expect.objectContaining({ name, containerName: name, repository: repositoryName(name), family: taskFamily(name) }),
      ),
    );
    expect(findDeployable('users')).toMatchObject({ repository: 'forum/users', family: 'forum-users', dockerfile: 'apps/users/Dockerfile' });
    expect(findDeployable('gateway')).toMatchObject({ repository: 'forum/gateway', family: 'forum-gateway', context: 'nginx' });
  });

  it('follow a new catalog entry with no edit here', () => {
    const users = serviceCatalog.services[0];
    const catalog = parseServiceCatalog({ ...serviceCatalog, services: [...serviceCatalog.services, { ...users, name: 'likes', routePrefix: '/api/likes' }] });
    expect(findDeployable('likes', catalog)).toMatchObject({ repository: 'forum/likes', family: 'forum-likes' });
  });

  it('reject an unknown name with the valid ones', () => {
    const valid = listDeployables().map((d) => d.name).join(', ');
    expect(() => findDeployable('comments')).toThrow(`unknown service "comments"; expected one of: ${valid}`);
  });
});

describe('the cluster flag', () => {
  it('defaults to the cluster the CDK app creates', () => {
    expect(CLUSTER_NAME).toBe('forum');
    expect(parseImageStepFlags(['--service=users', `--tag=${SHA}`, ...AWS]).cluster).toBe(CLUSTER_NAME);
    expect(parseInfraFlags(AWS).cluster).toBe(CLUSTER_NAME);
  });

  it('can be overridden', () => {
    expect(parseInfraFlags([...AWS, '--cluster=staging']).cluster).toBe('staging');
  });
});
