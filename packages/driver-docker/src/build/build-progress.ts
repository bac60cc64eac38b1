import type { BuildProgress } from '@berth/core';

/** One message of the engine's `POST /build` stream (classic builder), the fields Berth reads. */
export interface BuildMessage {
  stream?: string;
  status?: string;
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

const STEP = /^Step (\d+)\/(\d+) : /;

/**
 * Folds the engine's build messages into progress events and the outcome: `stream` text becomes one event per
 * line (`step` for `Step n/m : …`, else `output`), `status` becomes `status`, `aux.ID` is the image id, and
 * `error` is the failure.
 */
export class BuildProgressReader {
  /** Every line of output so far. */
  readonly log: string[] = [];
  /** The built image's id, once the engine said it. */
  imageId: string | undefined;
  /** The engine's error message, if the build failed. */
  error: string | undefined;
  #partial = '';
  readonly #onProgress: ((p: BuildProgress) => void) | undefined;

  /** @param onProgress - receives each event as it is read. */
  constructor(onProgress?: (p: BuildProgress) => void) {
    this.#onProgress = onProgress;
  }

  /** Reads one engine message. */
  read(message: BuildMessage): void {
    if (message.error !== undefined || message.errorDetail?.message !== undefined) {
      this.#flush();
      this.error = (message.errorDetail?.message ?? message.error ?? 'build failed').trim();
      return;
    }
    if (message.aux?.ID !== undefined) this.imageId = message.aux.ID;
    if (typeof message.stream === 'string') {
      const text = this.#partial + message.stream;
      const lines = text.split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines) this.#line(line);
    }
    if (typeof message.status === 'string') {
      const text = message.id === undefined ? message.status : `${message.id}: ${message.status}`;
      this.#emit({ kind: 'status', text });
    }
  }

  /** Ends the stream: emits a last line left without its newline. */
  end(): void {
    this.#flush();
  }

  #flush(): void {
    if (this.#partial !== '') this.#line(this.#partial);
    this.#partial = '';
  }

  #line(raw: string): void {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') return;
    this.log.push(text);
    const step = STEP.exec(text);
    if (step === null) this.#emit({ kind: 'output', text });
    else this.#emit({ kind: 'step', text, step: Number(step[1]), totalSteps: Number(step[2]) });
  }

  #emit(progress: BuildProgress): void {
    if (progress.kind === 'status') this.log.push(progress.text);
    this.#onProgress?.(progress);
  }
}
