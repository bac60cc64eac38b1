import { randomUUID } from 'node:crypto';
import type { ContainerDriver } from '@berth/core';
import { ContextNotFoundError } from '../errors/index.js';
import type { Session } from '../session/index.js';
import type { CreateContextOptions } from './context-options.js';
import { CONTEXT_RUNTIMES, type ContextLanguage } from './context-runtimes.js';
import { InterpreterContext } from './interpreter-context.js';
import type { SessionContextInfo } from './session-context-info.js';

/** One open context: its interpreter and what callers know of it. */
export interface ContextEntry {
  /** The interpreter. */
  ctx: InterpreterContext;
  /** Id, session and language. */
  info: SessionContextInfo;
}

/** What a {@link ContextRegistry} needs. */
export interface ContextRegistryDeps {
  /** The driver the interpreters run on. */
  driver: ContainerDriver;
  /** How long an interpreter may take to start, in ms. */
  readinessTimeoutMs: number;
  /** After an interrupt, how long a run may take to answer before its interpreter is killed, ms. Default 2000. */
  interruptGraceMs?: number;
}

/**
 * The open interpreter contexts of every session, by context id: opens them (script written into the
 * container, interpreter started) and closes them — one, a session's, or all.
 *
 * @example
 * ```ts
 * const contexts = new ContextRegistry({ driver, readinessTimeoutMs: 30_000 });
 * const info = await contexts.open(session, 'python');
 * await contexts.closeSession(session.id);
 * ```
 */
export class ContextRegistry {
  private readonly entries = new Map<string, ContextEntry>();

  constructor(private readonly deps: ContextRegistryDeps) {}

  /**
   * Writes the interpreter script into the session's container and starts it. A failure closes the
   * interpreter and rejects with the driver's error as it is (the caller classifies it).
   */
  async open(
    session: Pick<Session, 'id' | 'containerId' | 'env'>,
    language: ContextLanguage,
    options: CreateContextOptions = {},
  ): Promise<SessionContextInfo> {
    const runtime = CONTEXT_RUNTIMES[language];
    const scriptPath = runtime.file;
    const { driver, readinessTimeoutMs, interruptGraceMs } = this.deps;
    const ctx = new InterpreterContext({
      driver,
      containerId: session.containerId,
      language,
      scriptPath,
      env: { ...session.env, ...(options.env ?? {}) },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(interruptGraceMs === undefined ? {} : { interruptGraceMs }),
    });
    const info: SessionContextInfo = {
      id: `ctx-${randomUUID()}`,
      sessionId: session.id,
      language,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    };
    try {
      await driver.putFiles(session.containerId, [{ path: scriptPath, content: runtime.script, mode: 0o644 }]);
      await ctx.start(readinessTimeoutMs);
    } catch (err) {
      await ctx.close();
      throw err;
    }
    this.entries.set(info.id, { ctx, info });
    return info;
  }

  /** The open contexts, oldest first: all, or one session's. */
  list(sessionId?: string): SessionContextInfo[] {
    return [...this.entries.values()]
      .filter((e) => sessionId === undefined || e.info.sessionId === sessionId)
      .map((e) => ({ ...e.info }));
  }

  /** Kills a context's interpreter and starts a fresh one (its state lost); `ContextNotFoundError` when unknown. */
  async restart(contextId: string): Promise<SessionContextInfo> {
    const entry = this.require(contextId);
    await entry.ctx.restart(this.deps.readinessTimeoutMs);
    return { ...entry.info };
  }

  /** The open context `contextId`; `ContextNotFoundError` when unknown or closed. */
  require(contextId: string): ContextEntry {
    const entry = this.entries.get(contextId);
    if (entry === undefined) throw new ContextNotFoundError(contextId);
    return entry;
  }

  /** Whether `contextId` is open. */
  has(contextId: string): boolean {
    return this.entries.has(contextId);
  }

  /** Closes one context; `ContextNotFoundError` when unknown or closed. */
  async close(contextId: string): Promise<void> {
    const entry = this.require(contextId);
    await this.closeEntries([entry]);
  }

  /** Closes every context of a session (none is usable from the moment this is called). */
  async closeSession(sessionId: string): Promise<void> {
    await this.closeEntries([...this.entries.values()].filter((e) => e.info.sessionId === sessionId));
  }

  /** Closes every context. */
  async closeAll(): Promise<void> {
    await this.closeEntries([...this.entries.values()]);
  }

  /** Unregisters `entries` at once, then waits until every interpreter is stopped. */
  private async closeEntries(entries: ContextEntry[]): Promise<void> {
    for (const { info } of entries) this.entries.delete(info.id);
    await Promise.all(entries.map(({ ctx }) => ctx.close()));
  }
}
