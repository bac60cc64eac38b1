import { ValidationError } from '@berth/core';
import type { Logger } from 'pino';
import type { ChannelRegistry } from '../channels/index.js';
import type {
  ContainerActionMessage,
  ContextMessage,
  CreateSessionMessage,
  ExecuteCodeMessage,
  OutgoingMessage,
} from '../protocol/index.js';
import { type CodeOutputLimits, CodeOutputStream } from './code-output-stream.js';
import { ContextOperations } from './context-operations.js';
import { boundContextResult, isContextNotFound } from './context-result-wire.js';
import type { ContextRunResultLike, OutputCallbacks, SessionControl, SessionLike } from './session-control.js';

/** Output kept per stream in a `codeResult` (the full output also streams through the session channel). */
export const CODE_RESULT_OUTPUT_LIMIT = 256 * 1024;

/** (session, language) pairs whose context `executeCode` with `stateful: true` remembers; the oldest is forgotten past it. */
export const STATEFUL_CONTEXTS_LIMIT = 4096;

/** Grace period of a dashboard `stop`/`restart` before SIGKILL, ms. */
export const ACTION_STOP_TIMEOUT_MS = 5000;

/** Collaborators of {@link HubOperations}. */
export interface HubOperationsDeps {
  /** Resolves which driver runs a container. */
  registry: Pick<ChannelRegistry, 'resolveContainer'>;
  /** The session manager, when the hub has one. */
  sessions?: Partial<SessionControl>;
  /** Logger (never given tokens). */
  log: Logger;
  /** Bounds of the `codeOutput` frames of a run (tests make them small). */
  outputLimits?: Partial<CodeOutputLimits>;
}

/** Sends one frame on the requesting connection. */
export type SendFrame = (message: OutgoingMessage) => void;

/**
 * Executes the requests that change things (`containerAction`, `createSession`, `executeCode`) and
 * `listSessions`. Callers check the role first: only operators get here for the changing ones.
 */
export class HubOperations {
  /** The context of each (session, language) that `executeCode` with `stateful: true` runs in. */
  private readonly contexts = new Map<string, string>();

  private readonly contextOps: ContextOperations;

  /** @param deps - registry, session manager and logger. */
  constructor(private readonly deps: HubOperationsDeps) {
    this.contextOps = new ContextOperations({
      log: deps.log,
      ...(deps.sessions === undefined ? {} : { sessions: deps.sessions }),
      ...(deps.outputLimits === undefined ? {} : { outputLimits: deps.outputLimits }),
    });
  }

  /**
   * A context request (`createContext`, `listContexts`, `restartContext`, `closeContext`, `runInContext`); a run
   * streams `codeOutput` frames through `send` before its `codeResult`. See {@link ContextOperations}.
   */
  context(msg: ContextMessage, send: SendFrame): Promise<OutgoingMessage> {
    return this.contextOps.handle(msg, send);
  }

  /**
   * Stops, restarts or removes (forced) a container.
   *
   * @throws ContainerNotFoundError when no host knows it.
   */
  async containerAction(msg: ContainerActionMessage): Promise<OutgoingMessage> {
    const { hostId, driver } = await this.deps.registry.resolveContainer(msg.containerID, msg.hostId);
    this.deps.log.info({ containerId: msg.containerID, hostId, action: msg.action }, 'container action');
    if (msg.action === 'stop') await driver.stopContainer(msg.containerID, { timeoutMs: ACTION_STOP_TIMEOUT_MS });
    else if (msg.action === 'restart') {
      await driver.restartContainer(msg.containerID, { timeoutMs: ACTION_STOP_TIMEOUT_MS });
    } else await driver.removeContainer(msg.containerID, { force: true });
    return {
      type: 'actionDone',
      containerID: msg.containerID,
      hostId,
      data: { action: msg.action, ...requestIdOf(msg) },
    };
  }

  /**
   * Creates a session for a language (its agent type), on the manager's default image unless `image`.
   *
   * @throws ValidationError when the hub has no session manager.
   */
  async createSession(msg: CreateSessionMessage): Promise<OutgoingMessage> {
    const sessions = this.need('createSession');
    const session = await sessions.createSession(
      msg.image === undefined ? { agentType: msg.language } : { agentType: msg.language, image: msg.image },
    );
    this.deps.log.info({ sessionId: session.id, containerId: session.containerId }, 'session created');
    return {
      type: 'sessionCreated',
      sessionId: session.id,
      containerID: session.containerId,
      data: { session: toWire(session), ...requestIdOf(msg) },
    };
  }

  /**
   * Runs a snippet in a session; its output also streams to the session's channel. With `stream: true` (and a
   * `send`) its output also goes to the requester as `codeOutput` frames while it runs, before `codeResult`.
   *
   * @throws SessionNotFoundError for an unknown session, ValidationError without a session manager.
   */
  async executeCode(msg: ExecuteCodeMessage, send?: SendFrame): Promise<OutgoingMessage> {
    const out =
      msg.stream === true && send !== undefined
        ? new CodeOutputStream({ send, sessionId: msg.sessionId, requestId: msg.requestId }, this.deps.outputLimits)
        : undefined;
    const callbacks: OutputCallbacks =
      out === undefined
        ? {}
        : { onStdout: (text) => out.push('stdout', text), onStderr: (text) => out.push('stderr', text) };
    const reply = await (msg.stateful === true
      ? this.executeInContext(msg, callbacks)
      : this.executeStateless(msg, callbacks)
    ).finally(() => out?.finish()); // no frame after a failure's `error` either
    if (out === undefined) return reply;
    return {
      ...reply,
      data: { ...(reply.data as Record<string, unknown>), streamed: out.finish() },
    } as OutgoingMessage;
  }

  private async executeStateless(msg: ExecuteCodeMessage, callbacks: OutputCallbacks): Promise<OutgoingMessage> {
    const sessions = this.need('executeCode');
    const request =
      msg.timeoutMs === undefined
        ? { language: msg.language, code: msg.code, ...callbacks }
        : { language: msg.language, code: msg.code, timeoutMs: msg.timeoutMs, ...callbacks };
    const result = await sessions.executeCode(msg.sessionId, request);
    return {
      type: 'codeResult',
      sessionId: msg.sessionId,
      data: {
        exitCode: result.exitCode,
        stdout: clip(result.stdout),
        stderr: clip(result.stderr),
        durationMs: result.durationMs,
        timedOut: result.timedOut,
        ...requestIdOf(msg),
      },
    };
  }

  /**
   * `executeCode` with `stateful: true`: runs in the session's context of that language (opened on first use,
   * opened again when it was closed), and answers with the notebook parts too (`text`, `error`, `outputs`), bounded.
   */
  private async executeInContext(msg: ExecuteCodeMessage, callbacks: OutputCallbacks): Promise<OutgoingMessage> {
    const sessions = this.need('createContext', 'runInContext');
    const key = `${msg.sessionId}\u0000${msg.language}`;
    const options = msg.timeoutMs === undefined ? { ...callbacks } : { timeoutMs: msg.timeoutMs, ...callbacks };
    const run = async (): Promise<ContextRunResultLike> => {
      let contextId = this.contexts.get(key);
      if (contextId === undefined) {
        contextId = (await sessions.createContext(msg.sessionId, msg.language)).id;
        this.contexts.set(key, contextId);
        // forget the oldest beyond the bound (a forgotten context is reopened on its next use; the old one ends with its session)
        if (this.contexts.size > STATEFUL_CONTEXTS_LIMIT) this.contexts.delete(this.contexts.keys().next().value ?? '');
      }
      return sessions.runInContext(contextId, msg.code, options);
    };
    let result: ContextRunResultLike;
    try {
      result = await run();
    } catch (err) {
      if (!isContextNotFound(err)) throw err;
      this.contexts.delete(key); // closed (e.g. the session was cleaned up and made again): open a new one
      result = await run();
    }
    return {
      type: 'codeResult',
      sessionId: msg.sessionId,
      data: { ...boundContextResult(result), ...requestIdOf(msg) },
    };
  }

  /** The session manager's sessions; empty without one. */
  async listSessions(): Promise<OutgoingMessage> {
    const list = this.deps.sessions?.listSessions;
    const sessions = list === undefined ? [] : await list.call(this.deps.sessions);
    return { type: 'sessionList', data: { sessions: sessions.map(toWire) } };
  }

  private need<K extends 'createSession' | 'executeCode' | 'createContext' | 'runInContext'>(
    ...requests: K[]
  ): Pick<SessionControl, K> {
    const sessions = this.deps.sessions;
    for (const request of requests) {
      if (sessions?.[request] === undefined) {
        throw new ValidationError(
          [{ path: 'type', message: `${request} needs a hub with a session manager that has it` }],
          {},
          request,
        );
      }
    }
    return sessions as Pick<SessionControl, K>;
  }
}

function requestIdOf(msg: { requestId?: string | undefined }): { requestId?: string } {
  return msg.requestId === undefined ? {} : { requestId: msg.requestId };
}

function clip(text: string): string {
  return text.length <= CODE_RESULT_OUTPUT_LIMIT ? text : `${text.slice(0, CODE_RESULT_OUTPUT_LIMIT)}\n… (truncated)`;
}

function toWire(s: SessionLike): {
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
} {
  return {
    id: s.id,
    containerId: s.containerId,
    status: s.status,
    agentType: s.agentType,
    image: s.image,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    lastActivityAt: s.lastActivityAt.toISOString(),
    labels: s.labels,
    driver: s.driver,
  };
}
