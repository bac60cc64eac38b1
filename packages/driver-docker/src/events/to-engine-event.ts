import type { EngineEvent, EngineEventFilter, EngineObjectType } from '@berth/core';
import type { DockerEngineEvent } from './to-driver-event.js';

const OBJECT_TYPES: readonly EngineObjectType[] = ['container', 'image', 'network', 'volume'];

/** Engine-side filters for `GET /events` from an {@link EngineEventFilter}: types, actions (`event`), labels. */
export function engineObjectEventFilters(filter: EngineEventFilter | undefined): Record<string, string[]> {
  const types = filter?.types !== undefined && filter.types.length > 0 ? filter.types : OBJECT_TYPES;
  const filters: Record<string, string[]> = { type: [...types] };
  if (filter?.actions !== undefined && filter.actions.length > 0) filters['event'] = [...filter.actions];
  const labels = Object.entries(filter?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (labels.length > 0) filters['label'] = labels;
  return filters;
}

/** Maps an engine event to an {@link EngineEvent}, or `undefined` for objects other than the four kinds. */
export function toEngineEvent(event: DockerEngineEvent, host?: string): EngineEvent | undefined {
  const type = event.Type as EngineObjectType | undefined;
  if (type === undefined || !OBJECT_TYPES.includes(type) || event.Action === undefined) return undefined;
  const attributes = { ...(event.Actor?.Attributes ?? {}) };
  const timestamp =
    event.timeNano !== undefined ? new Date(Math.floor(event.timeNano / 1e6)) : new Date((event.time ?? 0) * 1000);
  const out: EngineEvent = { type, action: event.Action, id: event.Actor?.ID ?? '', attributes, timestamp };
  const name = attributes['name'];
  if (name !== undefined) out.name = name;
  if (host !== undefined) out.host = host;
  return out;
}

/** `true` when `event` passes every field of `filter` (the engine pre-filters; this is the contract's meaning). */
export function matchesEngineEventFilter(event: EngineEvent, filter: EngineEventFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.types !== undefined && filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.actions !== undefined && filter.actions.length > 0 && !filter.actions.includes(event.action)) {
    return false;
  }
  return Object.entries(filter.labels ?? {}).every(([k, v]) => event.attributes[k] === v);
}
