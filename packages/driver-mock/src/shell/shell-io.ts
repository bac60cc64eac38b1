/** Where a command writes bytes. */
export type OutputSink = (data: Uint8Array) => void;

/** Where a command reads bytes from: `null` means end of input. */
export interface InputSource {
  /** The next chunk, or `null` at EOF. */
  read(): Promise<Uint8Array | null>;
}

/** A command's standard streams. */
export interface ShellIo {
  /** Standard input. */
  stdin: InputSource;
  /** Standard output. */
  stdout: OutputSink;
  /** Standard error. */
  stderr: OutputSink;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `data` as bytes: strings are encoded as UTF-8, bytes pass through. */
export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? utf8(data) : data;
}

/** Input that is at EOF from the start. */
export const EMPTY_INPUT: InputSource = { read: () => Promise.resolve(null) };

/** Input that yields `data` once, then EOF. */
export function inputOf(data: Uint8Array): InputSource {
  let done = data.length === 0;
  return {
    read: () => {
      if (done) return Promise.resolve(null);
      done = true;
      return Promise.resolve(data);
    },
  };
}

/**
 * A stdin that is written to over time (`execStream().write()`), then ended. Reads wait for data or EOF.
 */
export class StdinQueue implements InputSource {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #waiter: (() => void) | undefined;

  /** `true` after {@link end}. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Queues bytes (ignored after {@link end}). */
  push(data: Uint8Array): void {
    if (this.#ended || data.length === 0) return;
    this.#chunks.push(data);
    this.#wake();
  }

  /** Signals EOF. */
  end(): void {
    this.#ended = true;
    this.#wake();
  }

  /** The next chunk, or `null` once ended and drained. */
  async read(): Promise<Uint8Array | null> {
    while (this.#chunks.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    return this.#chunks.shift() ?? null;
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}

/** Reads everything until EOF. */
export async function readAll(input: InputSource): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let chunk = await input.read(); chunk !== null; chunk = await input.read()) chunks.push(chunk);
  return concatBytes(chunks);
}

/** Concatenates byte arrays. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
