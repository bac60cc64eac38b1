import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { ExecHandle, ExecResult, ExecSpec, OutputChunk } from '@berth/core';
import type Docker from 'dockerode';
import { type Observable, ReplaySubject } from 'rxjs';
import { isAbortError, mapDockerError } from '../errors/map-docker-error.js';
import { FrameDemuxer } from '../logs/frame-demuxer.js';
import { EXEC_MARKER_ENV, KILL_SCRIPT } from './kill-script.js';

/** Options of {@link DockerExecSession}. */
export interface DockerExecSessionOptions {
  /** Close stdin right after writing `spec.stdin` (or at once when there is none). `exec()` does; `execStream()` does only when `spec.stdin` is given. */
  closeStdin: boolean;
}

const noop = (): void => undefined;

/**
 * One command running in a container through the Engine API: `POST /containers/{id}/exec` then a hijacked
 * `POST /exec/{id}/start` (stdin attached; stdout/stderr demultiplexed from the 8-byte frame headers).
 * The exit code comes from `GET /exec/{id}/json`. Timeouts and `kill()` use {@link KILL_SCRIPT}.
 */
export class DockerExecSession implements ExecHandle {
  /** {@inheritDoc ExecHandle.output$} */
  readonly output$: Observable<OutputChunk>;
  /** {@inheritDoc ExecHandle.exit} */
  readonly exit: Promise<ExecResult>;
  readonly #subject = new ReplaySubject<OutputChunk>();
  readonly #container: Docker.Container;
  readonly #spec: ExecSpec;
  readonly #marker = randomUUID();
  readonly #started: Promise<Duplex>;
  #timedOut = false;
  #killed = false;
  #finished = false;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param container - dockerode handle of a running container.
   * @param spec - validated exec spec.
   * @param options - stdin behaviour.
   */
  constructor(container: Docker.Container, spec: ExecSpec, options: DockerExecSessionOptions) {
    this.#container = container;
    this.#spec = spec;
    this.output$ = this.#subject.asObservable();
    const startedAt = Date.now();
    this.#started = this.#start();
    this.#started.catch(noop);
    this.exit = this.#run(startedAt, options);
    this.exit.catch(noop);
  }

  /** {@inheritDoc ExecHandle.write} */
  async write(data: string | Uint8Array): Promise<void> {
    const stream = await this.#started;
    if (this.#finished || stream.writableEnded) return;
    await new Promise<void>((resolve) =>
      stream.write(typeof data === 'string' ? data : Buffer.from(data), () => resolve()),
    );
  }

  /** {@inheritDoc ExecHandle.end} */
  async end(): Promise<void> {
    const stream = await this.#started;
    if (!stream.writableEnded) stream.end();
  }

  /** {@inheritDoc ExecHandle.kill} */
  async kill(): Promise<void> {
    if (this.#finished) return;
    this.#killed = true;
    await this.#started.catch(noop);
    const killer = await this.#container.exec({
      Cmd: ['sh', '-c', KILL_SCRIPT, 'berth-kill', this.#marker],
      AttachStdout: true,
      AttachStderr: true,
      ...(this.#spec.user === undefined ? {} : { User: this.#spec.user }),
    });
    const out = (await killer.start({ hijack: true, stdin: false })) as Duplex;
    await new Promise<void>((resolve) => {
      out.on('end', resolve);
      out.on('close', resolve);
      out.on('error', () => resolve());
      out.resume();
    });
  }

  async #start(): Promise<Duplex> {
    const id = this.#container.id;
    try {
      const env = Object.entries(this.#spec.env ?? {}).map(([k, v]) => `${k}=${v}`);
      env.push(`${EXEC_MARKER_ENV}=${this.#marker}`);
      const exec = await this.#container.exec({
        Cmd: this.#spec.command,
        Env: env,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        ...(this.#spec.workingDir === undefined ? {} : { WorkingDir: this.#spec.workingDir }),
        ...(this.#spec.user === undefined ? {} : { User: this.#spec.user }),
      });
      this.#exec = exec;
      return (await exec.start({ hijack: true, stdin: true })) as Duplex;
    } catch (err) {
      throw mapDockerError(err, { operation: 'exec', id });
    }
  }

  #exec: Docker.Exec | undefined;

  async #run(startedAt: number, options: DockerExecSessionOptions): Promise<ExecResult> {
    const signal = this.#spec.signal;
    let stream: Duplex;
    try {
      signal?.throwIfAborted();
      stream = await this.#started;
    } catch (err) {
      this.#finished = true;
      this.#subject.error(err);
      throw err;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const onAbort = (): void => void this.kill().catch(noop);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (this.#spec.timeoutMs !== undefined) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        void this.kill().catch(noop);
      }, this.#spec.timeoutMs);
    }
    try {
      const ended = this.#pump(stream, stdout, stderr);
      if (this.#spec.stdin !== undefined) await this.write(this.#spec.stdin);
      if (options.closeStdin || this.#spec.stdin !== undefined) await this.end();
      await ended;
      const exitCode = await this.#exitCode();
      this.#finished = true;
      this.#subject.complete();
      if (signal?.aborted === true) throw signal.reason;
      return {
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Date.now() - startedAt,
        timedOut: this.#timedOut,
      };
    } catch (err) {
      this.#finished = true;
      const mapped =
        isAbortError(err) || signal?.reason === err
          ? err
          : mapDockerError(err, { operation: 'exec', id: this.#container.id });
      this.#subject.error(mapped);
      throw mapped;
    } finally {
      if (this.#timer !== undefined) clearTimeout(this.#timer);
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
    }
  }

  #pump(stream: Duplex, stdout: Buffer[], stderr: Buffer[]): Promise<void> {
    const demux = new FrameDemuxer();
    return new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        for (const frame of demux.push(chunk)) {
          (frame.stream === 'stderr' ? stderr : stdout).push(frame.data);
          this.#subject.next({ stream: frame.stream, data: new Uint8Array(frame.data) });
        }
      });
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', (err) => {
        if (this.#killed) resolve();
        else reject(err);
      });
    });
  }

  async #exitCode(): Promise<number> {
    const exec = this.#exec;
    if (exec === undefined) return -1;
    for (let attempt = 0; attempt < 50; attempt++) {
      const info = await exec.inspect();
      if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
      await new Promise((r) => setTimeout(r, Math.min(10 * (attempt + 1), 100)));
    }
    return this.#killed ? 137 : -1;
  }
}
