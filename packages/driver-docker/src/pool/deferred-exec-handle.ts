import type { ExecHandle, ExecResult, OutputChunk } from '@berth/core';
import { defer, from, type Observable, switchMap } from 'rxjs';

/**
 * An `ExecHandle` whose real handle is produced asynchronously (after the pool found the container's host).
 * Output, exit and the stdin/kill methods wait for it.
 */
export class DeferredExecHandle implements ExecHandle {
  /** {@inheritDoc ExecHandle.output$} */
  readonly output$: Observable<OutputChunk>;
  /** {@inheritDoc ExecHandle.exit} */
  readonly exit: Promise<ExecResult>;
  readonly #handle: Promise<ExecHandle>;

  /** @param handle - resolves to the real handle (or rejects with a typed error). */
  constructor(handle: Promise<ExecHandle>) {
    this.#handle = handle;
    this.#handle.catch(() => undefined);
    this.output$ = defer(() => from(this.#handle)).pipe(switchMap((h) => h.output$));
    this.exit = this.#handle.then((h) => h.exit);
    this.exit.catch(() => undefined);
  }

  /** {@inheritDoc ExecHandle.write} */
  async write(data: string | Uint8Array): Promise<void> {
    return (await this.#handle).write(data);
  }
  /** {@inheritDoc ExecHandle.end} */
  async end(): Promise<void> {
    return (await this.#handle).end();
  }
  /** {@inheritDoc ExecHandle.kill} */
  async kill(): Promise<void> {
    return (await this.#handle).kill();
  }
}
