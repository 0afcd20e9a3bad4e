import { parseWrk } from '../../src/bench/wrk';

const report = `Running 10s test @ http://127.0.0.1:8080/api/users
  1 threads and 32 connections
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    2.00ms
     99%    3.50ms
  21000 requests in 10.00s, 9.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2100.55
Transfer/sec:      0.90MB
`;

describe('wrk report', () => {
  it('reads throughput, p50/p99 in ms and counts errors', () => {
    expect(parseWrk(report)).toEqual({ rps: 2100.55, p50Ms: 0.812, p99Ms: 3.5, errors: 7 });
  });

  it('fails loudly on output it does not understand', () => {
    expect(() => parseWrk('unable to connect')).toThrow('wrk printed no Requests/sec');
  });
});
