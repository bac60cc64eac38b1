import { parseOperationLatency } from './operation-latency.js';

const TEXT = [
  '# HELP berth_driver_operation_duration_seconds Latency of driver operations',
  '# TYPE berth_driver_operation_duration_seconds histogram',
  'berth_driver_operation_duration_seconds_bucket{le="0.1",driver="docker",host="local",operation="exec"} 3',
  'berth_driver_operation_duration_seconds_sum{driver="docker",host="local",operation="exec"} 0.3',
  'berth_driver_operation_duration_seconds_count{driver="docker",host="local",operation="exec"} 3',
  'berth_driver_operation_duration_seconds_sum{driver="docker",host="local",operation="createContainer"} 0.5',
  'berth_driver_operation_duration_seconds_count{driver="docker",host="local",operation="createContainer"} 10',
  'berth_driver_operation_duration_seconds_sum{driver="mock",host="m",operation="getStats"} 0',
  'berth_driver_operation_duration_seconds_count{driver="mock",host="m",operation="getStats"} 0',
  'berth_hub_connections 2',
].join('\n');

describe(parseOperationLatency.name, () => {
  it('gives the mean latency per host and operation, most called first', () => {
    const byHost = parseOperationLatency(TEXT);
    expect(byHost.get('local')).toEqual([
      { operation: 'createContainer', count: 10, meanMs: expect.closeTo(50, 6) },
      { operation: 'exec', count: 3, meanMs: expect.closeTo(100, 6) },
    ]);
  });

  it('leaves out operations never called and ignores other series', () => {
    expect(parseOperationLatency(TEXT).has('m')).toBe(false);
    expect(parseOperationLatency('garbage\nberth_hub_connections 1').size).toBe(0);
  });
});
