import type { BufferedLine } from './log-buffer.js';

/** A hub → client message as the dashboard reads it (the hub's `ServerMessage`, loosely typed). */
export interface HubMessage {
  /** Message type (`ready`, `log`, `stats`, `status`, `event`, `containerList` …). */
  type: string;
  /** Container address. */
  containerID?: string;
  /** Session address. */
  sessionId?: string;
  /** Host address. */
  hostId?: string;
  /** ISO time. */
  timestamp: string;
  /** Payload, by type. */
  data: Record<string, unknown>;
}

/** Role granted by the token. */
export type Role = 'reader' | 'producer' | 'operator';

/** A container as `containerList` reports it. */
export interface ListedContainer {
  id: string;
  name: string;
  sessionId: string | null;
  image: string;
  state: string;
  status: string;
  createdAt: string;
  startedAt?: string;
  labels: Record<string, string>;
  driver: string;
  hostId: string;
}

/** A session as `sessionList` reports it. */
export interface ListedSession {
  id: string;
  containerId: string;
  status: string;
  agentType: string;
  image: string;
  createdAt: string;
  expiresAt: string;
  lastActivityAt: string;
  labels: Record<string, string>;
  driver: string;
}

/** A `stats` payload. */
export interface StatsData {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes?: number;
  pids: number;
}

/** Parses one frame; `null` for anything that is not a hub message. */
export function parseHubMessage(raw: unknown): HubMessage | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Partial<HubMessage>;
  if (typeof m.type !== 'string') return null;
  const data: unknown = m.data;
  const wrapped = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : { value: data };
  return { ...(m as HubMessage), data: wrapped };
}

/** The `message` of an `error` payload. */
export function errorText(data: Record<string, unknown>): string {
  const message = typeof data.message === 'string' ? data.message : 'request failed';
  const code = typeof data.code === 'string' ? data.code : '';
  return code === '' ? message : `${message} (${code})`;
}

/** The line of a `log` frame (Berth's `text` and `stream`; the seed's `message` when `text` is missing). */
export function readLine(data: Record<string, unknown>, timestamp: string): BufferedLine {
  const text = typeof data.text === 'string' ? data.text : typeof data.message === 'string' ? data.message : '';
  return { text, stream: data.stream === 'stderr' ? 'stderr' : 'stdout', timestamp };
}

/** The lines of a `logs` frame (`data.lines`, each `{ seq, stream, text, timestamp, level? }`); malformed ones skipped. */
export function readLines(data: Record<string, unknown>, timestamp: string): BufferedLine[] {
  const lines = data.lines;
  if (!Array.isArray(lines)) return [];
  const out: BufferedLine[] = [];
  for (const raw of lines as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const line = raw as Record<string, unknown>;
    if (typeof line.text !== 'string') continue;
    out.push({
      text: line.text,
      stream: line.stream === 'stderr' ? 'stderr' : 'stdout',
      timestamp: typeof line.timestamp === 'string' ? line.timestamp : timestamp,
    });
  }
  return out;
}
