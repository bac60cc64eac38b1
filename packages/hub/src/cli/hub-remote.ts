import { type BerthErrorJSON, errorFromJSON, isBerthError } from '@berth/core';
import { Option } from 'commander';
import { HubClient } from '../client/index.js';
import type { ClientMessage, ServerMessage } from '../protocol/index.js';
import { CliExit, EXIT } from './exit-codes.js';

/** Environment variable of the hub token the CLI presents (never a flag: argv is visible to every user). */
export const HUB_TOKEN_ENV = 'BERTH_HUB_TOKEN';

/** Where `--hub` points: a running hub's WebSocket URL and the token to present. */
export interface HubTarget {
  /** `ws://` or `wss://` URL. */
  url: string;
  /** `BERTH_HUB_TOKEN`, when set. */
  token?: string;
}

/** The `--hub URL` option (also `BERTH_HUB_URL`) of `ps`, `logs`, `stats` and `run`. */
export function hubOption(): Option {
  return new Option(
    '--hub <url>',
    `talk to a running hub (ws://host:port) instead of a driver; token from $${HUB_TOKEN_ENV}`,
  ).env('BERTH_HUB_URL');
}

/**
 * The hub a command talks to, or `undefined` when it should open a driver itself.
 *
 * @throws CliExit (usage) for a URL that is not `ws://` or `wss://`.
 */
export function hubTarget(url: string | undefined, env: NodeJS.ProcessEnv = process.env): HubTarget | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliExit(EXIT.usage, `--hub ${url} is not a URL; expected ws://host:port`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new CliExit(EXIT.usage, `--hub must be a ws:// or wss:// URL, not ${parsed.protocol}//`);
  }
  const token = env[HUB_TOKEN_ENV];
  return token === undefined || token === '' ? { url } : { url, token };
}

/**
 * Connects to the hub, runs `work`, and closes the connection. Ctrl-C or SIGTERM while `work` runs closes it and
 * exits with 130 or 143 (so `logs -f` and `stats` end cleanly).
 *
 * @throws CliExit (unavailable) when the hub cannot be reached, (usage) when it refuses the token.
 */
export async function withHub<T>(target: HubTarget, work: (hub: HubClient) => Promise<T>): Promise<T> {
  let hub: HubClient;
  try {
    hub = await HubClient.connect(target.url, target.token === undefined ? {} : { token: target.token });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/\b440[18]\b/.test(message)) {
      throw new CliExit(EXIT.usage, `the hub at ${target.url} refused the token; set ${HUB_TOKEN_ENV}`);
    }
    throw new CliExit(EXIT.unavailable, `cannot reach the hub at ${target.url}: ${message}`);
  }
  const stop = (signal: NodeJS.Signals): void => {
    void hub.close().then(() => process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(hub);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await hub.close();
  }
}

/**
 * Sends a request and waits for its reply (`type`), or rethrows the hub's `error` as the Berth error it
 * describes (so exit codes match the driver path: not found → 3, …).
 *
 * @throws the hub's error, or CliExit (unavailable) when the connection closes first.
 */
export async function request<T extends ServerMessage['type']>(
  hub: HubClient,
  message: ClientMessage,
  type: T,
  timeoutMs = 600_000,
): Promise<Extract<ServerMessage, { type: T }>> {
  hub.send(message);
  let reply: ServerMessage;
  try {
    reply = await hub.next((m) => m.type === type || m.type === 'error', timeoutMs);
  } catch (err) {
    throw new CliExit(
      EXIT.unavailable,
      `the hub stopped answering: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (reply.type === 'error') throw errorFromJSON(reply.data as unknown as BerthErrorJSON);
  return reply as Extract<ServerMessage, { type: T }>;
}

/** A container as the hub lists it. */
export interface RemoteContainer {
  id: string;
  hostId: string;
  name?: string;
  sessionId?: string | null;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Finds a container the hub serves by id, id prefix, name or session id. `undefined` when none matches (the id
 * may still be a producer-only channel).
 */
export async function findRemoteContainer(hub: HubClient, id: string): Promise<RemoteContainer | undefined> {
  let list: Extract<ServerMessage, { type: 'containerList' }>;
  try {
    list = await request(hub, { type: 'listContainers' }, 'containerList');
  } catch (err) {
    // A token scoped to one id may not list: that id is all it can follow.
    if (isBerthError(err) && err.code === 'BERTH_HUB_OUT_OF_SCOPE') return undefined;
    throw err;
  }
  const containers = list.data.containers as RemoteContainer[];
  return (
    containers.find((c) => c.id === id) ??
    containers.find((c) => c.name === id || c.sessionId === id) ??
    containers.find((c) => id.length >= 4 && c.id.startsWith(id))
  );
}
