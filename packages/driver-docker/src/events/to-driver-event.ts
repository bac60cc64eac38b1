import { BERTH_LABELS, type DriverEvent, type DriverEventType } from '@berth/core';

/** One message of the engine's `GET /events` stream (the fields Berth reads). */
export interface DockerEngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** Attributes the engine puts on container events that are not labels. */
const NON_LABEL_ATTRIBUTES = new Set(['image', 'name', 'exitCode', 'signal', 'execID', 'container']);

/** Engine action → Berth event type (actions not listed are ignored). */
function typeOf(action: string): DriverEventType | undefined {
  if (action.startsWith('health_status')) return 'health';
  const map: Record<string, DriverEventType> = {
    create: 'created',
    start: 'started',
    die: 'exited',
    oom: 'oom',
    stop: 'stopped',
    destroy: 'removed',
  };
  return map[action];
}

/** Maps an engine event to a `DriverEvent`, or `undefined` for events Berth does not report. */
export function toDriverEvent(event: DockerEngineEvent, host?: string): DriverEvent | undefined {
  if (event.Type !== 'container' || event.Action === undefined || event.Actor?.ID === undefined) return undefined;
  const type = typeOf(event.Action);
  if (type === undefined) return undefined;
  const attributes = event.Actor.Attributes ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (!NON_LABEL_ATTRIBUTES.has(k)) labels[k] = v;
  const timestamp =
    event.timeNano !== undefined ? new Date(Math.floor(event.timeNano / 1e6)) : new Date((event.time ?? 0) * 1000);
  const out: DriverEvent = { type, containerId: event.Actor.ID, timestamp, labels };
  const session = labels[BERTH_LABELS.session];
  if (session !== undefined) out.sessionId = session;
  if (type === 'exited' && attributes['exitCode'] !== undefined) out.exitCode = Number(attributes['exitCode']);
  if (type === 'health') out.healthy = event.Action.trim().endsWith(': healthy');
  if (host !== undefined) out.host = host;
  return out;
}

/** Key that identifies one engine event, for de-duplication after a reconnect: `(id, action, timeNano)`. */
export function eventKey(event: DockerEngineEvent): string {
  return `${event.Actor?.ID ?? ''}|${event.Action ?? ''}|${event.timeNano ?? event.time ?? ''}`;
}
