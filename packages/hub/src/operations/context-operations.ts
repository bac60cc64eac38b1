import { ValidationError } from '@berth/core';
import type { Logger } from 'pino';
import type { ContextInfoWire, ContextMessage, OutgoingMessage, RunInContextMessage } from '../protocol/index.js';
import { type CodeOutputLimits, CodeOutputStream } from './code-output-stream.js';
import { boundContextResult } from './context-result-wire.js';
import type { ContextInfoLike, SessionControl } from './session-control.js';

/** Collaborators of {@link ContextOperations}. */
export interface ContextOperationsDeps {
  /** The session manager, when the hub has one. */
  sessions?: Partial<SessionControl>;
  /** Logger (never given code or output). */
  log: Logger;
  /** Bounds of the `codeOutput` frames (tests make them small). */
  outputLimits?: Partial<CodeOutputLimits>;
}

/** The context requests. */
type ContextRequest = keyof Pick<
  SessionControl,
  'createContext' | 'listContexts' | 'restartContext' | 'closeContext' | 'runInContext'
>;

/**
 * The context requests of the hub — `createContext`, `listContexts`, `restartContext`, `closeContext` and
 * `runInContext` — against the session manager. A run streams its output as `codeOutput` frames through `send`
 * while it runs, then answers `codeResult` with the notebook parts (bounded). Failures reject with the session
 * manager's typed errors (`BERTH_CONTEXT_NOT_FOUND`, `BERTH_VALIDATION`, …), which the caller sends as `error`.
 *
 * @example
 * ```ts
 * const ops = new ContextOperations({ sessions: manager, log });
 * const reply = await ops.handle({ type: 'createContext', sessionId, language: 'bash' }, send);
 * ```
 */
export class ContextOperations {
  /** @param deps - session manager, logger and frame bounds. */
  constructor(private readonly deps: ContextOperationsDeps) {}

  /**
   * Executes one context request; resolves with its answer (after every `codeOutput` frame of a run).
   *
   * @throws ValidationError when the hub has no session manager that can serve it.
   */
  async handle(msg: ContextMessage, send: (message: OutgoingMessage) => void): Promise<OutgoingMessage> {
    const rid = msg.requestId === undefined ? {} : { requestId: msg.requestId };
    switch (msg.type) {
      case 'createContext': {
        const options = {
          ...(msg.cwd === undefined ? {} : { cwd: msg.cwd }),
          ...(msg.env === undefined ? {} : { env: msg.env }),
        };
        const info = await this.need('createContext').createContext(msg.sessionId, msg.language, options);
        this.deps.log.info({ sessionId: msg.sessionId, contextId: info.id, language: msg.language }, 'context created');
        const context = toWire(info, msg.sessionId, msg.language);
        return { type: 'contextCreated', sessionId: context.sessionId, data: { context, ...rid } };
      }
      case 'listContexts': {
        const list = await this.need('listContexts').listContexts(msg.sessionId);
        const contexts = list.map((c) => toWire(c, msg.sessionId ?? '', ''));
        return {
          type: 'contextList',
          ...(msg.sessionId === undefined ? {} : { sessionId: msg.sessionId }),
          data: { contexts, ...rid },
        };
      }
      case 'restartContext': {
        const context = toWire(await this.need('restartContext').restartContext(msg.contextId), '', '');
        return { type: 'contextRestarted', sessionId: context.sessionId, data: { context, ...rid } };
      }
      case 'closeContext':
        await this.need('closeContext').closeContext(msg.contextId);
        return { type: 'contextClosed', data: { contextId: msg.contextId, ...rid } };
      case 'runInContext':
        return this.run(msg, send);
    }
  }

  private async run(msg: RunInContextMessage, send: (message: OutgoingMessage) => void): Promise<OutgoingMessage> {
    const sessions = this.need('runInContext', 'listContexts');
    const sessionId = (await sessions.listContexts()).find((c) => c.id === msg.contextId)?.sessionId ?? '';
    const out = new CodeOutputStream(
      { send, sessionId, requestId: msg.requestId, contextId: msg.contextId },
      this.deps.outputLimits,
    );
    const result = await sessions
      .runInContext(msg.contextId, msg.code, {
        ...(msg.timeoutMs === undefined ? {} : { timeoutMs: msg.timeoutMs }),
        onStdout: (text) => out.push('stdout', text),
        onStderr: (text) => out.push('stderr', text),
      })
      .finally(() => out.finish()); // no frame after a failure's `error` either
    const streamed = out.finish();
    return {
      type: 'codeResult',
      ...(sessionId === '' ? {} : { sessionId }),
      data: {
        ...boundContextResult(result),
        contextId: msg.contextId,
        streamed,
        ...(msg.requestId === undefined ? {} : { requestId: msg.requestId }),
      },
    };
  }

  private need<K extends ContextRequest>(...requests: K[]): Pick<SessionControl, K> {
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

/** A context's wire shape; `sessionId`/`language` fall back to what the request named. */
function toWire(info: ContextInfoLike, sessionId: string, language: string): ContextInfoWire {
  return {
    id: info.id,
    sessionId: info.sessionId ?? sessionId,
    language: info.language ?? language,
    ...(info.cwd === undefined ? {} : { cwd: info.cwd }),
  };
}
