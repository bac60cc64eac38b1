/**
 * `/metrics` of a hub serves the monitoring series for the drivers and session manager it serves, also for
 * calls that never went through the hub (the session manager calling its driver, user code).
 */
import { MockDriver } from '@berth/driver-mock';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { HubServer } from '../server/index.js';

describe('hub /metrics with monitoring', () => {
  let driver: MockDriver;
  let sessions: SessionManager;
  let hub: HubServer;
  let base: string;

  beforeEach(async () => {
    driver = new MockDriver({ images: ['berth/runtime:bookworm', 'busybox:latest'] });
    driver.onExec('python3', () => ({ stdout: 'ok\n' }));
    sessions = new SessionManager(driver);
    hub = new HubServer({
      drivers: { 'mock-a': driver },
      sessions,
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    const { url } = await hub.start();
    base = url.replace(/^ws:/, 'http:');
  });

  afterEach(async () => {
    await hub.close();
  });

  it('counts the session manager driver calls, sessions by status and executeCode durations', async () => {
    const s = await sessions.createSession({ agentType: 'python' });
    await sessions.executeCode(s.id, { language: 'python', code: 'print(1)' });
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain(
      'berth_driver_operations_total{driver="mock",host="mock-a",operation="createContainer",outcome="ok"} 1',
    );
    expect(text).toMatch(
      /berth_driver_operation_duration_seconds_count\{driver="mock",host="mock-a",operation="startContainer"\} 1/,
    );
    expect(text).toContain('berth_sessions{status="ready"} 1');
    expect(text).toContain('berth_session_execute_code_duration_seconds_count{outcome="ok"} 1');
    // the hub's own series are still there, on the same registry
    expect(text).toContain('berth_hub_connections 0');
  });
});
