import { Subject } from 'rxjs';
import { MonitoringMetrics } from './monitoring-metrics.js';
import { observeSessions, type SessionEventLike } from './observe-sessions.js';

describe(observeSessions.name, () => {
  const at = (ms: number) => new Date(ms);

  it('times executeCode from executing to completed/failed by event timestamps, and counts events', async () => {
    const metrics = new MonitoringMetrics();
    const events$ = new Subject<SessionEventLike>();
    const observation = observeSessions({ events$ }, metrics);
    events$.next({ type: 'executing', sessionId: 's1', operation: 'executeCode', timestamp: at(1000) });
    events$.next({ type: 'completed', sessionId: 's1', operation: 'executeCode', timestamp: at(3500), result: {} });
    events$.next({ type: 'executing', sessionId: 's1', operation: 'executeCode', timestamp: at(4000) });
    events$.next({ type: 'failed', sessionId: 's1', operation: 'executeCode', timestamp: at(4100) });
    events$.next({ type: 'executing', sessionId: 's1', operation: 'exec', timestamp: at(5000) });
    events$.next({ type: 'completed', sessionId: 's1', operation: 'exec', timestamp: at(9000) });
    const histogram = await metrics.registry.getSingleMetric('berth_session_execute_code_duration_seconds')?.get();
    const sum = (outcome: string) =>
      histogram?.values.find(
        (v) => (v as { metricName?: string }).metricName?.endsWith('_sum') && v.labels.outcome === outcome,
      )?.value;
    expect(sum('ok')).toBe(2.5);
    expect(sum('error')).toBeCloseTo(0.1);
    const events = await metrics.registry.getSingleMetric('berth_session_events_total')?.get();
    expect(events?.values.find((v) => v.labels.type === 'executing')?.value).toBe(3);
    observation.detach();
    expect(events$.observed).toBe(false);
  });

  it('counts sessions by status at scrape time', async () => {
    const metrics = new MonitoringMetrics();
    let sessions = [{ status: 'ready' }, { status: 'ready' }, { status: 'busy' }];
    observeSessions({ listSessions: async () => sessions }, metrics);
    expect(await metrics.registry.metrics()).toContain('berth_sessions{status="ready"} 2');
    sessions = [{ status: 'dead' }];
    const text = await metrics.registry.metrics();
    expect(text).toContain('berth_sessions{status="dead"} 1');
    expect(text).not.toContain('status="ready"');
  });
});
