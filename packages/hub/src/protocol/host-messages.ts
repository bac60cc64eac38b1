import type { SystemInfo, SystemUsage, SystemVersion } from '@berth/core';
import { z } from 'zod';
import { SeedAuthSchema } from './seed-messages.js';

/**
 * Messages about the engines behind the hub rather than one container: the engine's events about images,
 * networks, volumes and containers (the Docker client seed's `getEvents()`), and a host's system info, version
 * and disk usage (its `getSystemInfo()`, `getSystemVersion()`, `getSystemUsage()`), each per `hostId`.
 */

const hostId = z.string().min(1).max(256);
/** Kinds of engine objects (core's `EngineObjectType`). */
export const ENGINE_OBJECT_TYPES = ['container', 'image', 'network', 'volume'] as const;
const objectTypes = z.array(z.enum(ENGINE_OBJECT_TYPES)).max(ENGINE_OBJECT_TYPES.length);
/** Engine actions to keep (`create`, `tag`, `destroy` …): at most 32, each ≤ 64 characters. */
const actions = z.array(z.string().min(1).max(64)).max(32);

/**
 * `watchEngineEvents { hostId?, types?, actions?, filters? }`: receive an `engineEvent` for every engine event of
 * that host (every host whose driver has them, without `hostId`). Berth's `types` / `actions` or the seed's
 * `getEvents` filters `filters: { type, event }` — one spelling of each, not both. A second `watchEngineEvents`
 * for a host replaces that host's filter.
 */
export const WatchEngineEventsMessageSchema = z
  .strictObject({
    type: z.literal('watchEngineEvents'),
    hostId: hostId.optional(),
    types: objectTypes.optional(),
    actions: actions.optional(),
    filters: z.strictObject({ type: objectTypes.optional(), event: actions.optional() }).optional(),
    auth: SeedAuthSchema.optional(),
  })
  .refine((m) => m.types === undefined || m.filters?.type === undefined, {
    message: 'give types or its seed spelling filters.type, not both',
    path: ['filters', 'type'],
  })
  .refine((m) => m.actions === undefined || m.filters?.event === undefined, {
    message: 'give actions or its seed spelling filters.event, not both',
    path: ['filters', 'event'],
  });

/** `unwatchEngineEvents { hostId? }`: stop the engine events of that host (of every host without `hostId`). */
export const UnwatchEngineEventsMessageSchema = z.strictObject({
  type: z.literal('unwatchEngineEvents'),
  hostId: hostId.optional(),
  auth: SeedAuthSchema.optional(),
});

/** Parts of a `systemInfo` answer. */
export const SYSTEM_INFO_PARTS = ['info', 'version', 'usage'] as const;

/**
 * `getSystemInfo { hostId?, include?, requestId? }`: one host's `info` (`docker info`), `version` and `usage`
 * (`docker system df`), answered with `systemInfo`. `hostId` may be left out when the hub serves one host.
 * `include` picks parts (default all three; `usage` is the slow one).
 */
export const GetSystemInfoMessageSchema = z.strictObject({
  type: z.literal('getSystemInfo'),
  hostId: hostId.optional(),
  include: z.array(z.enum(SYSTEM_INFO_PARTS)).min(1).max(SYSTEM_INFO_PARTS.length).optional(),
  requestId: z.string().min(1).max(128).optional(),
  auth: SeedAuthSchema.optional(),
});

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;

const envelope = {
  containerID: z.string().optional(),
  sessionId: z.string().optional(),
  hostId: z.string().optional(),
  timestamp: z.string(),
};

/**
 * `engineEvent`: one engine event, with Berth's fields (`type`, `action`, `id`, `name?`, `attributes`, as core's
 * `EngineEvent`) beside the seed's `getEvents()` fields (`Type`, `Action`, `Actor: { ID, Attributes }`, `time` in
 * seconds, `timeNano`, `host`).
 */
export const EngineEventFrameSchema = z.object({
  type: z.literal('engineEvent'),
  ...envelope,
  data: z.object({
    type: z.enum(ENGINE_OBJECT_TYPES),
    action: z.string(),
    id: z.string(),
    name: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
    Type: z.string(),
    Action: z.string(),
    Actor: z.object({ ID: z.string(), Attributes: z.record(z.string(), z.string()) }),
    time: z.number(),
    timeNano: z.number(),
    host: z.string(),
  }),
});

/** `systemInfo`: the parts of one host asked for (core's `SystemInfo`, `SystemVersion`, `SystemUsage`). */
export const SystemInfoFrameSchema = z.object({
  type: z.literal('systemInfo'),
  ...envelope,
  data: z.object({
    info: z.custom<SystemInfo>(isObject).optional(),
    version: z.custom<SystemVersion>(isObject).optional(),
    usage: z.custom<SystemUsage>(isObject).optional(),
    requestId: z.string().optional(),
  }),
});

/** `watchEngineEvents`. */
export type WatchEngineEventsMessage = z.infer<typeof WatchEngineEventsMessageSchema>;
/** `unwatchEngineEvents`. */
export type UnwatchEngineEventsMessage = z.infer<typeof UnwatchEngineEventsMessageSchema>;
/** `getSystemInfo`. */
export type GetSystemInfoMessage = z.infer<typeof GetSystemInfoMessageSchema>;
/** A part of a `systemInfo` answer. */
export type SystemInfoPart = (typeof SYSTEM_INFO_PARTS)[number];
