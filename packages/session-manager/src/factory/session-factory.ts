import type { ContainerDriver, ContainerSpec, ResourceLimits } from '@berth/core';
import { removeQuietly, waitUntilReady } from '../lifecycle/index.js';
import type { ResolvedSessionManagerOptions } from '../options/index.js';
import { sessionMarker, writeSessionMarker } from '../recovery/index.js';
import { newSessionRecord, type SessionRegistry, snapshotSession } from '../registry/index.js';
import {
  buildSession,
  type CreateSessionOptions,
  chooseSessionImage,
  newSessionId,
  type Session,
} from '../session/index.js';
import type { PoolEntry, WarmPool } from '../warm-pool/index.js';
import { type SessionContainerInput, sessionContainerSpec } from './session-container-spec.js';

/** How long a container's `onStarted` may stay unanswered before the readiness probe starts beside it, ms. */
const PROBE_FALLBACK_MS = 1000;

/** What a {@link SessionFactory} needs. */
export interface SessionFactoryDeps {
  /** The driver containers are created on. */
  driver: ContainerDriver;
  /** The manager's owner id (`berth.owner`). */
  ownerId: string;
  /** The manager's options. */
  options: Readonly<ResolvedSessionManagerOptions>;
  /** Where new sessions are registered and their events emitted. */
  registry: SessionRegistry;
  /** The warm pool sessions are taken from. */
  warmPool: WarmPool;
  /**
   * Called once a session's or pool container has started (e.g. to start its code runner there), with the session's
   * env (`{}` for a pool container). When it resolves `true`, the container is ready without a readiness probe; the
   * probe runs when it resolves `false` (or has not answered within a second). A session taken from the pool calls
   * it too, with its env, without waiting (its container is ready already).
   */
  onStarted?: (containerId: string, env: Readonly<Record<string, string>>) => Promise<boolean>;
}

/**
 * Makes sessions: picks the image, takes a warm container from the pool when the session fits one or
 * creates, starts and probes a new container (labelled for recovery), and registers the session.
 * Also makes the pool's containers.
 *
 * @example
 * ```ts
 * const factory = new SessionFactory({ driver, ownerId, options, registry, pool });
 * const session = await factory.create(opts, factory.imageFor(opts), undefined);
 * ```
 */
export class SessionFactory {
  constructor(private readonly deps: SessionFactoryDeps) {}

  /** The image of a session: its own, its agent type's, its first agent capability's, or the default; `ValidationError` when none. */
  imageFor(opts: CreateSessionOptions): string {
    return chooseSessionImage(opts, this.deps.options.images);
  }

  /**
   * A ready, registered session: from the warm pool when the image is pooled and the session asks for nothing
   * the pool containers lack (default resources, no capabilities, no own labels), else a new container.
   */
  async create(opts: CreateSessionOptions, image: string, signal: AbortSignal | undefined): Promise<Session> {
    const entry = this.poolEligible(opts, image) ? this.deps.warmPool.take(image) : undefined;
    return entry !== undefined ? this.fromPool(entry, opts) : await this.createCold(opts, image, signal);
  }

  /** Creates, starts and probes one pool container (removed again when that fails). */
  async createPoolContainer(image: string): Promise<PoolEntry> {
    const { driver, options } = this.deps;
    const sessionId = newSessionId();
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + options.timeoutMs);
    const container = await driver.createContainer(
      this.containerSpec({
        image,
        sessionId,
        agentType: 'pool',
        pool: true,
        createdAt,
        expiresAt,
        resources: options.resources,
        capabilities: [],
        labels: { ...options.labels },
      }),
    );
    try {
      await driver.startContainer(container.id);
      await this.waitReady(container.id, {}, undefined);
    } catch (err) {
      await removeQuietly(driver, container.id);
      throw err;
    }
    return { sessionId, containerId: container.id, image, createdAt, expiresAt };
  }

  /**
   * Waits until the started container answers: `onStarted` resolving `true` (its code runner said ready — an exec
   * that ran), else the readiness probe. The probe starts only once `onStarted` answers `false` or has not answered
   * within {@link PROBE_FALLBACK_MS}: beside the runner's start it was a second exec the engine runs one after the
   * other on the container, stealing the runner's start CPU on a loaded host.
   */
  private async waitReady(
    containerId: string,
    env: Readonly<Record<string, string>>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { driver, options, onStarted } = this.deps;
    const started = onStarted?.(containerId, env);
    const probe = (probeSignal: AbortSignal | undefined) =>
      waitUntilReady(driver, containerId, {
        timeoutMs: options.readinessTimeoutMs,
        ...(probeSignal ? { signal: probeSignal } : {}),
      });
    if (started === undefined) {
      await probe(signal);
      return;
    }
    const early = started.then(
      (ok) => ok,
      () => false,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), PROBE_FALLBACK_MS);
    });
    const first = await Promise.race([early, late]);
    clearTimeout(timer);
    if (first === true) return;
    if (first === false) {
      await probe(signal);
      return;
    }
    // no answer yet: probe, and take the runner's ready if it comes first
    const stop = new AbortController();
    const probed = probe(signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]));
    const probedFalse = probed.then(() => false);
    probedFalse.catch(() => undefined); // a probe failing after the runner answered is no one's concern
    if (await Promise.race([probedFalse, early])) stop.abort();
    else await probed;
  }

  private poolEligible(opts: CreateSessionOptions, image: string): boolean {
    if (this.deps.warmPool.sizeOf(image) === 0) return false;
    if ((opts.security?.capabilities?.add ?? []).length > 0) return false;
    if (opts.capabilities !== undefined && opts.capabilities.length > 0) return false;
    if (opts.labels !== undefined && Object.keys(opts.labels).length > 0) return false;
    return opts.resources === undefined || sameResources(opts.resources, this.deps.options.resources);
  }

  private fromPool(entry: PoolEntry, opts: CreateSessionOptions): Session {
    const { driver, registry, options } = this.deps;
    const session = this.newSession(opts, {
      id: entry.sessionId,
      containerId: entry.containerId,
      status: 'ready',
      image: entry.image,
      labels: {},
      resources: options.resources,
      fromWarmPool: true,
    });
    const rec = newSessionRecord(session);
    registry.add(rec);
    registry.emit('created', rec);
    registry.emit('ready', rec);
    // Labels cannot change after creation: record the session's real lifetimes for recovery, at once — beside the
    // first run, not queued ahead of it (it would cost that run a round trip; recovery reads it only later).
    void writeSessionMarker(driver, entry.containerId, sessionMarker(session)).catch(() => undefined);
    // the pool container's runner knows no session env: one for this env (PYTHON*, LANG, LC_*) starts beside
    void this.deps.onStarted?.(entry.containerId, session.env).catch(() => undefined);
    return snapshotSession(session);
  }

  private async createCold(
    opts: CreateSessionOptions,
    image: string,
    signal: AbortSignal | undefined,
  ): Promise<Session> {
    const { driver, registry, options } = this.deps;
    const resources = opts.resources ?? options.resources;
    const session = this.newSession(opts, {
      id: newSessionId(),
      containerId: '',
      status: 'creating',
      image,
      labels: opts.labels ?? {},
      resources,
      fromWarmPool: false,
    });
    const spec = this.containerSpec({
      image,
      sessionId: session.id,
      agentType: opts.agentType,
      pool: false,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      resources,
      capabilities: opts.security?.capabilities?.add ?? [],
      agentCapabilities: opts.capabilities ?? [],
      labels: { ...options.labels, ...(opts.labels ?? {}) },
    });
    const rec = newSessionRecord(session);
    const opOptions = signal === undefined ? {} : { signal };
    try {
      const container = await driver.createContainer(spec, opOptions);
      session.containerId = container.id;
      registry.add(rec);
      registry.emit('created', rec);
      await driver.startContainer(container.id, opOptions);
      await this.waitReady(container.id, opts.env ?? {}, signal);
      session.status = 'ready';
      registry.emit('ready', rec);
      return snapshotSession(session);
    } catch (err) {
      registry.delete(session.id);
      session.status = 'failed';
      registry.emit('failed', rec, { error: err instanceof Error ? err : new Error(String(err)) });
      rec.logs.complete();
      if (session.containerId !== '') await removeQuietly(driver, session.containerId);
      throw err;
    }
  }

  /** A new session of `opts` (not adopted): created now, lifetimes from `opts` or the manager's defaults. */
  private newSession(
    opts: CreateSessionOptions,
    base: Pick<Session, 'id' | 'containerId' | 'status' | 'image' | 'labels' | 'resources' | 'fromWarmPool'>,
  ): Session {
    const { driver, options } = this.deps;
    const now = new Date();
    return buildSession({
      ...base,
      agentType: opts.agentType,
      capabilities: opts.capabilities ?? [],
      createdAt: now,
      expiresAt: new Date(now.getTime() + (opts.timeoutMs ?? options.timeoutMs)),
      idleTimeoutMs: opts.idleTimeoutMs ?? options.idleTimeoutMs,
      env: opts.env ?? {},
      driver: driver.name,
    });
  }

  private containerSpec(input: Omit<SessionContainerInput, 'ownerId' | 'workDir'>): ContainerSpec {
    const { hub, workDir } = this.deps.options;
    return sessionContainerSpec({
      ...input,
      ownerId: this.deps.ownerId,
      workDir,
      ...(hub === undefined ? {} : { hub }),
    });
  }
}

function sameResources(a: ResourceLimits, b: ResourceLimits): boolean {
  const keys: (keyof ResourceLimits)[] = ['cpu', 'memoryMb', 'diskMb', 'pids'];
  return keys.every((k) => a[k] === b[k]);
}
