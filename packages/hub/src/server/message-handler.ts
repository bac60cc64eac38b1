import type { ContainerDriver } from '@berth/core';
import { isBerthError, ValidationError } from '@berth/core';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import { canOperate, canPublish, type Role, roleForToken, type TokenSet } from '../auth/index.js';
import type { ChannelRegistry } from '../channels/index.js';
import type { ClientConnection } from '../clients/index.js';
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
  parseClientMessage,
} from '../protocol/index.js';
import { toBerthError } from '../upstreams/index.js';
import { listContainersAcross } from './list-containers.js';

/** What the message handler may do to a connection (owned by the server). */
export interface ConnectionControl {
  /** Grants a role and sends `ready`. */
  authenticated(client: ClientConnection, role: Role): void;
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
}

/**
 * Validates and executes client messages: a bad message gets an `error` reply and the connection stays up;
 * a failing request gets an `error` carrying the request's address.
 */
export class MessageHandler {
  /** @param deps - registry, drivers, metrics, logger and connection control. */
  constructor(private readonly deps: MessageHandlerDeps) {}

  /** Handles one inbound frame. */
  onMessage(client: ClientConnection, data: RawData, isBinary: boolean): void {
    client.lastActivity = Date.now();
    if (!client.open) return;
    let msg: ClientMessage;
    try {
      if (isBinary) throw new ValidationError([{ path: '', message: 'binary frames are not accepted' }], {}, 'message');
      msg = parseClientMessage(rawToString(data));
    } catch (err) {
      this.deps.metrics.inbound.inc({ type: 'invalid' });
      this.reply(client, { type: 'error', data: wireError(err) });
      return;
    }
    this.deps.metrics.inbound.inc({ type: msg.type });
    if (client.role === null) {
      if (msg.type !== 'auth') {
        this.deps.connections.refuse(client, `first message was ${msg.type}, not auth`);
        return;
      }
    }
    void this.dispatch(client, msg).catch((err: unknown) => {
      const data = wireError(err);
      this.deps.log.debug({ conn: client.id, type: msg.type, code: data.code }, 'request failed');
      const requestId = 'requestId' in msg ? msg.requestId : undefined;
      this.reply(client, {
        type: 'error',
        ...addressOf(msg),
        data: requestId === undefined ? data : { ...data, requestId },
      });
    });
  }

  private async dispatch(client: ClientConnection, msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case 'auth': {
        const role = roleForToken(this.deps.tokens, msg.token);
        if (role === null) return this.deps.connections.refuse(client, 'wrong token in auth message');
        return this.deps.connections.authenticated(client, role);
      }
      case 'ping':
        return this.reply(client, { type: 'pong', data: msg.data ?? null });
      case 'subscribe':
        await this.deps.registry.subscribe(client, msg);
        return;
      case 'unsubscribe': {
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
      case 'listContainers': {
        const list = await listContainersAcross(this.deps.drivers, msg.hostId);
        return this.reply(client, {
          type: 'containerList',
          ...(msg.hostId === undefined ? {} : { hostId: msg.hostId }),
          data: list,
        });
      }
      case 'publish':
        if (!canPublish(client.role)) {
          this.deps.log.warn({ conn: client.id, remote: client.remote }, 'publish refused: reader token');
          this.deps.connections.close(client, CloseCode.forbidden, 'forbidden: publishing needs the producer token');
          return;
        }
        await this.deps.registry.publish(msg);
        return;
      case 'watchEvents':
        this.deps.events.watch(client);
        return this.reply(client, { type: 'watching', data: { hosts: this.deps.events.hosts } });
      case 'unwatchEvents':
        this.deps.events.unwatch(client);
        return this.reply(client, { type: 'unsubscribed', data: {} });
      case 'listSessions':
        return this.reply(client, await this.deps.operations.listSessions());
      case 'containerAction':
        this.assertOperator(client, msg.type);
        return this.reply(client, await this.deps.operations.containerAction(msg));
      case 'createSession':
        this.assertOperator(client, msg.type);
        return this.reply(client, await this.deps.operations.createSession(msg));
      case 'executeCode':
        this.assertOperator(client, msg.type);
        return this.reply(client, await this.deps.operations.executeCode(msg));
    }
  }

  /** @throws HubForbiddenError unless the connection holds the operator token (the connection stays open). */
  private assertOperator(client: ClientConnection, request: string): void {
    if (canOperate(client.role)) return;
    this.deps.log.warn({ conn: client.id, remote: client.remote, request }, 'request refused: not an operator');
    throw new HubForbiddenError(request);
  }

  private reply(client: ClientConnection, message: OutgoingMessage): void {
    client.sendControl(encodeMessage(message));
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function wireError(err: unknown): { code: string; message: string; [k: string]: unknown } {
  const e = isBerthError(err) ? err : toBerthError(err);
  return { ...e.toJSON() } as { code: string; message: string };
}

function addressOf(msg: ClientMessage): { containerID?: string; sessionId?: string; hostId?: string } {
  const out: { containerID?: string; sessionId?: string; hostId?: string } = {};
  if ('containerID' in msg && msg.containerID !== undefined) out.containerID = msg.containerID;
  if ('sessionId' in msg && msg.sessionId !== undefined) out.sessionId = msg.sessionId;
  if ('hostId' in msg && msg.hostId !== undefined) out.hostId = msg.hostId;
  return out;
}
