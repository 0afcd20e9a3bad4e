import { serviceInstance } from '../service-instance';
import { InstanceBalancer } from './instance-balancer';

describe('InstanceBalancer', () => {
  const a = serviceInstance('a', '127.0.0.2', 3000);
  const b = serviceInstance('b', '127.0.0.3', 3000);
  const c = serviceInstance('c', '127.0.0.4', 3000);
  let now: number;
  let balancer: InstanceBalancer;
  beforeEach(() => {
    now = 0;
    balancer = new InstanceBalancer(500, () => now);
  });

  it('spreads calls round robin', () => {
    const picks = Array.from({ length: 6 }, () => balancer.pick('users', [a, b, c])?.id);
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('skips an ejected instance until the ejection expires', () => {
    balancer.eject(b);
    expect(Array.from({ length: 4 }, () => balancer.pick('users', [a, b, c])?.id)).toEqual(['a', 'c', 'c', 'a']);
    now = 500;
    expect(Array.from({ length: 3 }, () => balancer.pick('users', [a, b, c])?.id)).toEqual(['b', 'c', 'a']);
  });

  it('still picks an instance when all are ejected, and never the excluded one when another exists', () => {
    balancer.eject(a);
    balancer.eject(b);
    // Still round robin over the ejected ones, so a recovering service is not hit on one instance only.
    expect(Array.from({ length: 4 }, () => balancer.pick('users', [a, b])?.id)).toEqual(['a', 'b', 'a', 'b']);
    expect(balancer.pick('users', [a, b], a)).toBe(b);
    expect(balancer.pick('users', [a], a)).toBeUndefined();
  });
});
