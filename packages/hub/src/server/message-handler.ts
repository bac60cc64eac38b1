import type { ContainerDriver } from '@berth/core';
import { isBerthError, ResourceLimitError, ValidationError } from '@berth/core';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import { canOperate, canPublish, type Grant, grantForToken, HubScopeError, type TokenSet } from '../auth/index.js';
import type { ChannelRegistry } from '../channels/index.js';
import { type ClientConnection, InboundQueue, type InboundQueueLimits } from '../clients/index.js';
import { HubForbiddenError } from '../errors/index.js';
import type { EventFeed } from '../events/index.js';
import type { HubMetrics } from '../metrics/index.js';
import type { HubOperations } from '../operations/index.js';
import {
  type ClientMessage,
  CloseCode,
  type CloseCodeValue,
  encodeMessage,
  type OutgoingMessage,
  type ProducerMessage,
  type PublishMessage,
  parseClientMessage,
  type SeedAuth,
  toProducerEvent,
} from '../protocol/index.js';
import { toHubError } from '../upstreams/index.js';
import type { EngineEventFeed } from './engine-event-feed.js';
import { assertKnownHost } from './host-resolution.js';
import { listContainersAcross } from './list-containers.js';
import { readHostSystem } from './system-info.js';

/** What the message handler may do to a connection (owned by the server). */
export interface ConnectionControl {
  /** Grants a role (and a scoped producer's id) and sends `ready`. */
  authenticated(client: ClientConnection, grant: Grant): void;
  /** Closes with 4401 and logs the reason (never the token). */
  refuse(client: ClientConnection, reason: string): void;
  /** Closes with a hub close code. */
  close(client: ClientConnection, code: CloseCodeValue, reason: string): void;
}

/** Collaborators of a {@link MessageHandler}. */
export interface MessageHandlerDeps {
  tokens: TokenSet;
  registry: ChannelRegistry;
  drivers: ReadonlyMap<string, ContainerDriver>;
  metrics: HubMetrics;
  log: Logger;
  connections: ConnectionControl;
  /** Driver and session events for `watchEvents`. */
  events: EventFeed;
  /** Operator requests and `listSessions`. */
  operations: HubOperations;
  /** Per-connection bound of messages waiting to be handled. */
  queueLimits: InboundQueueLimits;
  /** Open connections, for the `heartbeat` answering a client's `heartbeat`. Default: not reported (0). */
  connectionCount?: () => number;
  /** Engine events (images, networks, volumes) per host for `watchEngineEvents`. */
  engineEvents: EngineEventFeed;
}

/** Requests a connection limited to one id (a scoped producer token) may not make: they reveal other ids. */
const UNSCOPED_ONLY = new Set<ClientMessage['type']>([
  'listContainers',
  'watchEvents',
  'listSessions',
  'watchEngineEvents',
  'unwatchEngineEvents',
  'getSystemInfo',
  'listContexts',
]);

/** Messages that put lines into a channel (producer role): Berth's `publish` and the seed's producer messages. */
const PRODUCER_TYPES = new Set<ClientMessage['type']>(['publish', 'log', 'status', 'complete', 'error']);

/** Requests that start in arrival order but are answered when done (matched by `requestId`). */
const BACKGROUND = new Set<ClientMessage['type']>([
  'containerAction',
  'createSession',
  'executeCode',
  'createContext',
  'restartContext',
  'closeContext',
  'runInContext',
]);

/** What arrived: a parsed message, or the reason it was refused. */
type Inbound =
  | { ok: true; msg: ClientMessage & { auth?: SeedAuth | undefined } }
  | { ok: false; err: unknown; requestId?: string };

/**
 * Validates and executes client messages, one connection's in arrival order (a bounded
 * {@link InboundQueue} per connection). Once authenticated, a bad message gets an `error` reply and the
 * connection stays up; before, it closes the connection with 4401. A failing request gets an `error` carrying
 * the request's address. Every reply goes through the connection's bounded send path.
 */
export class MessageHandler {
  private readonly queues = new WeakMap<ClientConnection, InboundQueue>();

  /** @param deps - registry, drivers, metrics, logger and connection control. */
  constructor(private readonly deps: MessageHandlerDeps) {}

  /** Handles one inbound frame: parsed now, executed after every earlier message of the connection. */
  onMessage(client: ClientConnection, data: RawData, isBinary: boolean): void {
    client.lastActivity = Date.now();
    if (!client.open) return;
    let inbound: Inbound;
    let text = '';
    try {
      if (isBinary) throw new ValidationError([{ path: '', message: 'binary frames are not accepted' }], {}, 'message');
      text = rawToString(data);
      inbound = { ok: true, msg: parseClientMessage(text) };
    } catch (err) {
      inbound = { ok: false, err, ...requestIdOfInvalid(text) };
    }
    this.deps.metrics.inbound.inc({ type: inbound.ok ? inbound.msg.type : 'invalid' });
    this.queueOf(client).push(rawLength(data), () => this.handle(client, inbound));
  }

  /** Stops a closed connection's queue (what still waits is dropped). */
  forget(client: ClientConnection): void {
    this.queues.get(client)?.stop();
    this.queues.delete(client);
  }

  private queueOf(client: ClientConnection): InboundQueue {
    let queue = this.queues.get(client);
    if (queue === undefined) {
      const limits = this.deps.queueLimits;
      queue = new InboundQueue(
        limits,
        (pending, bytes) => this.overflow(client, pending, bytes),
        (peak) => this.deps.metrics.pending(peak),
      );
      this.queues.set(client, queue);
    }
    return queue;
  }

  private overflow(client: ClientConnection, pending: number, bytes: number): void {
    const limits = this.deps.queueLimits;
    const byCount = pending > limits.maxMessages;
    const error = new ResourceLimitError(
      byCount ? 'pendingMessages' : 'pendingBytes',
      byCount ? limits.maxMessages : limits.maxBytes,
      byCount ? pending : bytes,
      { operation: 'message' },
    );
    this.deps.log.warn({ conn: client.id, remote: client.remote, pending, bytes }, 'client flooding: closing');
    this.reply(client, { type: 'error', data: wireError(error) });
    this.deps.connections.close(client, CloseCode.tooSlow, `${error.code}: too many messages waiting`);
  }

  /** Runs one message; returns the promise the queue waits for when the message is asynchronous. */
  private handle(client: ClientConnection, inbound: Inbound): void | Promise<void> {
    if (!client.open) return;
    if (!inbound.ok) {
      if (client.role === null) return this.deps.connections.refuse(client, 'invalid first message');
      const data = wireError(inbound.err);
      return this.reply(client, {
        type: 'error',
        data: inbound.requestId === undefined ? data : { ...data, requestId: inbound.requestId },
      });
    }
    // The seed's `auth { token }` field, on any message, authenticates (or re-authenticates) like an `auth`
    // message, first; the message then goes on without it (the token reaches no handler, log or frame).
    const { auth, ...rest } = inbound.msg;
    const msg = rest as ClientMessage;
    if (auth !== undefined) {
      const grant = grantForToken(this.deps.tokens, auth.token);
      if (grant === null) return this.deps.connections.refuse(client, `wrong token in the auth field of ${msg.type}`);
      if (client.role !== grant.role || client.scope !== (grant.scope ?? null)) {
        this.deps.connections.authenticated(client, grant);
      }
    }
    if (client.role === null && msg.type !== 'auth') {
      return this.deps.connections.refuse(client, `first message was ${msg.type}, not auth`);
    }
    let result: void | Promise<void>;
    try {
      this.assertInScope(client, msg);
      result = this.dispatch(client, msg);
    } catch (err) {
      return this.failed(client, msg, err);
    }
    if (result === undefined) return;
    const settled = result.catch((err: unknown) => this.failed(client, msg, err));
    if (!BACKGROUND.has(msg.type)) return settled;
    this.queueOf(client).hold(settled);
  }

  private failed(client: ClientConnection, msg: ClientMessage, err: unknown): void {
    const data = wireError(err);
    this.deps.log.debug({ conn: client.id, type: msg.type, code: data.code }, 'request failed');
    const requestId = 'requestId' in msg ? msg.requestId : undefined;
    this.reply(client, {
      type: 'error',
      ...addressOf(msg),
      data: requestId === undefined ? data : { ...data, requestId },
    });
  }

  /** Executes a valid message: synchronously when it can, else the returned promise settles when done. */
  private dispatch(client: ClientConnection, msg: ClientMessage): void | Promise<void> {
    switch (msg.type) {
      case 'auth': {
        const grant = grantForToken(this.deps.tokens, msg.token);
        if (grant === null) return this.deps.connections.refuse(client, 'wrong token in auth message');
        return this.deps.connections.authenticated(client, grant);
      }
      case 'heartbeat':
        return this.reply(client, { type: 'heartbeat', data: { connections: this.deps.connectionCount?.() ?? 0 } });
      case 'ping':
        return this.reply(client, { type: 'pong', data: msg.data ?? null });
      case 'subscribe':
        assertKnownHost(this.deps.drivers, msg.hostId, msg.type);
        return this.deps.registry.subscribe(client, msg).then(() => undefined);
      case 'unsubscribe': {
        assertKnownHost(this.deps.drivers, msg.hostId, msg.type);
        const left = this.deps.registry.unsubscribe(client, msg);
        if (left === null) {
          throw new ValidationError(
            [{ path: msg.sessionId === undefined ? 'containerID' : 'sessionId', message: 'not subscribed' }],
            {},
            'unsubscribe',
          );
        }
        return this.reply(client, { type: 'unsubscribed', ...left.address, data: {} });
      }
      case 'listContainers':
        return listContainersAcross(this.deps.drivers, msg.hostId).then((list) =>
          this.reply(client, {
            type: 'containerList',
            ...(msg.hostId === undefined ? {} : { hostId: msg.hostId }),
            data: list,
          }),
        );
      case 'publish':
      case 'log':
      case 'status':
      case 'complete':
      case 'error':
        return this.publish(client, msg);
      case 'watchEvents':
        // replied once the drivers' streams are open: a container created after `watching` is reported
        return this.deps.events
          .watch(client)
          .then(() => this.reply(client, { type: 'watching', data: { hosts: this.deps.events.hosts } }));
      case 'unwatchEvents':
        this.deps.events.unwatch(client);
        return this.reply(client, { type: 'unsubscribed', data: {} });
      case 'listSessions':
        return this.deps.operations.listSessions().then((reply) => this.reply(client, reply));
      case 'containerAction':
        this.assertOperator(client, msg.type);
        assertKnownHost(this.deps.drivers, msg.hostId, msg.type);
        return this.deps.operations.containerAction(msg).then((reply) => this.reply(client, reply));
      case 'createSession':
        this.assertOperator(client, msg.type);
        return this.deps.operations.createSession(msg).then((reply) => this.reply(client, reply));
      case 'executeCode':
        this.assertOperator(client, msg.type);
        return this.deps.operations
          .executeCode(msg, (frame) => this.reply(client, frame))
          .then((reply) => this.reply(client, reply));
      case 'createContext':
      case 'listContexts':
      case 'restartContext':
      case 'closeContext':
      case 'runInContext':
        if (msg.type !== 'listContexts') this.assertOperator(client, msg.type);
        return this.deps.operations
          .context(msg, (frame) => this.reply(client, frame))
          .then((reply) => this.reply(client, reply));
      case 'watchEngineEvents':
        // replied once the engine streams are open: what is created after `watching` is reported
        return this.deps.engineEvents.watch(client, msg).then((hosts) =>
          this.reply(client, {
            type: 'watching',
            ...(msg.hostId === undefined ? {} : { hostId: msg.hostId }),
            data: { hosts, engine: true },
          }),
        );
      case 'unwatchEngineEvents': {
        const hosts = this.deps.engineEvents.unwatch(client, msg.hostId);
        return this.reply(client, {
          type: 'unsubscribed',
          ...(msg.hostId === undefined ? {} : { hostId: msg.hostId }),
          data: { hosts, engine: true },
        });
      }
      case 'getSystemInfo':
        return readHostSystem(this.deps.drivers, msg.hostId, msg.include).then(({ hostId, ...parts }) =>
          this.reply(client, {
            type: 'systemInfo',
            hostId,
            data: msg.requestId === undefined ? parts : { ...parts, requestId: msg.requestId },
          }),
        );
    }
  }

  /** A producer's line into its channel; a reader trying it is closed with 4403. */
  private publish(client: ClientConnection, msg: PublishMessage | ProducerMessage): void | Promise<void> {
    if (!canPublish(client.role)) {
      this.deps.log.warn({ conn: client.id, remote: client.remote, type: msg.type }, 'publish refused: reader token');
      this.deps.connections.close(client, CloseCode.forbidden, 'forbidden: publishing needs the producer token');
      return;
    }
    assertKnownHost(this.deps.drivers, msg.hostId, msg.type);
    return this.deps.registry.publish(toProducerEvent(msg));
  }

  /**
   * A connection limited to one id (scoped producer token) may subscribe and publish to that id only, as
   * `containerID` or `sessionId`, and may not list or watch.
   *
   * @throws HubScopeError otherwise (the connection stays open).
   */
  private assertInScope(client: ClientConnection, msg: ClientMessage): void {
    const scope = client.scope;
    if (scope === null) return;
    if (UNSCOPED_ONLY.has(msg.type)) throw new HubScopeError(msg.type, scope);
    const named = msg.type === 'subscribe' || msg.type === 'unsubscribe' || PRODUCER_TYPES.has(msg.type);
    if (!named) return;
    const m = msg as { containerID?: string; sessionId?: string };
    const id = m.containerID ?? m.sessionId;
    if (id !== scope) {
      this.deps.log.warn(
        { conn: client.id, remote: client.remote, type: msg.type },
        'refused: outside the token scope',
      );
      throw new HubScopeError(msg.type, scope);
    }
  }

  /** @throws HubForbiddenError unless the connection holds the operator token (the connection stays open). */
  private assertOperator(client: ClientConnection, request: string): void {
    if (canOperate(client.role)) return;
    this.deps.log.warn({ conn: client.id, remote: client.remote, request }, 'request refused: not an operator');
    throw new HubForbiddenError(request);
  }

  private reply(client: ClientConnection, message: OutgoingMessage): void {
    client.sendFrame(encodeMessage(message));
  }
}

/** The `requestId` of a refused message, when it has a valid one (so the client can match the `error`). */
function requestIdOfInvalid(text: string): { requestId?: string } {
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    const id = typeof value === 'object' && value !== null ? (value as { requestId?: unknown }).requestId : undefined;
    return typeof id === 'string' && id.length > 0 && id.length <= 128 ? { requestId: id } : {};
  } catch {
    return {};
  }
}

function rawLength(data: RawData): number {
  if (Buffer.isBuffer(data)) return data.length;
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function wireError(err: unknown): { code: string; message: string; [k: string]: unknown } {
  const e = isBerthError(err) ? err : toHubError(err);
  return { ...e.toJSON() } as { code: string; message: string };
}

function addressOf(msg: ClientMessage): { containerID?: string; sessionId?: string; hostId?: string } {
  const out: { containerID?: string; sessionId?: string; hostId?: string } = {};
  if ('containerID' in msg && msg.containerID !== undefined) out.containerID = msg.containerID;
  if ('sessionId' in msg && msg.sessionId !== undefined) out.sessionId = msg.sessionId;
  if ('hostId' in msg && msg.hostId !== undefined) out.hostId = msg.hostId;
  return out;
}
