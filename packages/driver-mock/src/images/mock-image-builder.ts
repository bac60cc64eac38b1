import {
  type BuildContext,
  type BuildImageOptions,
  type BuildImageResult,
  type BuildProgress,
  ImageBuildError,
  ValidationError,
} from '@berth/core';
import type { ImageStore } from './image-store.js';
import { normalizeImageRef } from './normalize-image-ref.js';

const INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
  'MAINTAINER',
]);

/** Reads the files of a (ustar) tar archive: path → bytes. Enough for a build context. */
function untar(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = new TextDecoder();
  for (let offset = 0; offset + 512 <= bytes.length; ) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number): string =>
      text.decode(header.subarray(start, start + length)).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = (prefix === '' ? '' : `${prefix}/`) + field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '')
      files.set(name.replace(/^\.\//, ''), bytes.slice(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

async function contextFiles(context: BuildContext): Promise<Map<string, Uint8Array>> {
  if (context instanceof Uint8Array) return untar(context);
  if (Array.isArray(context)) {
    const enc = new TextEncoder();
    return new Map(
      (context as readonly { path: string; content: Uint8Array | string }[]).map((f) => [
        f.path.replace(/^\.\//, ''),
        typeof f.content === 'string' ? enc.encode(f.content) : f.content,
      ]),
    );
  }
  if (context !== null && typeof context === 'object' && Symbol.asyncIterator in context) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of context as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return untar(all);
  }
  throw new ValidationError(
    [{ path: 'context', message: 'expected a tar archive (Uint8Array or a stream of bytes) or a list of files' }],
    { operation: 'buildImage' },
    'build options',
  );
}

/**
 * The mock's image build: reads the Dockerfile from the context and walks its instructions like the classic
 * builder (one `step` event per instruction, `Step n/m : …`). `FROM` needs a local image of the mock;
 * `RUN exit <n>` with n ≠ 0 fails the way the engine reports it; `RUN echo <text>` prints `<text>`; other `RUN`
 * commands succeed silently. An unknown instruction fails. The tags become local images of the mock.
 */
export async function mockBuildImage(images: ImageStore, opts: BuildImageOptions): Promise<BuildImageResult> {
  if (typeof opts !== 'object' || opts === null || opts.context === undefined || opts.context === null) {
    throw new ValidationError(
      [{ path: 'context', message: 'is required' }],
      { operation: 'buildImage' },
      'build options',
    );
  }
  opts.signal?.throwIfAborted();
  const dockerfile = (opts.dockerfile ?? 'Dockerfile').replace(/^\.\//, '');
  const files = await contextFiles(opts.context);
  const source = files.get(dockerfile);
  if (source === undefined) {
    throw new ValidationError(
      [{ path: 'context', message: `no ${dockerfile} in the build context` }],
      { operation: 'buildImage' },
      'build options',
    );
  }
  const lines = new TextDecoder()
    .decode(source)
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const log: string[] = [];
  const emit = (p: BuildProgress): void => {
    log.push(p.text);
    opts.onProgress?.(p);
  };
  const fail = (reason: string): never => {
    throw new ImageBuildError(reason, log, { operation: 'buildImage' });
  };
  lines.forEach((line, i) => {
    opts.signal?.throwIfAborted();
    const [word = '', ...rest] = line.split(/\s+/);
    const instruction = word.toUpperCase();
    const args = rest.join(' ');
    if (!INSTRUCTIONS.has(instruction)) fail(`dockerfile parse error line ${i + 1}: unknown instruction: ${word}`);
    emit({
      kind: 'step',
      text: `Step ${i + 1}/${lines.length} : ${instruction} ${args}`,
      step: i + 1,
      totalSteps: lines.length,
    });
    if (instruction === 'FROM') {
      const base = args.split(/\s+/)[0] ?? '';
      if (!images.hasLocal(base) && !(opts.pull === true && images.inRegistry(base))) {
        fail(`pull access denied for ${base}, repository does not exist or may require 'docker login'`);
      }
      if (!images.hasLocal(base)) images.ensure(base);
    }
    if (instruction === 'RUN') {
      const exit = /^exit\s+(\d+)$/.exec(args);
      if (exit !== null && exit[1] !== '0')
        fail(`The command '/bin/sh -c ${args}' returned a non-zero code: ${exit[1]}`);
      const echo = /^echo\s+(.*)$/.exec(args);
      if (echo !== null) emit({ kind: 'output', text: (echo[1] ?? '').replace(/^["']|["']$/g, '') });
    }
  });
  if (!lines.some((l) => /^FROM\s/i.test(l))) fail('no build stage in current context');
  const tags = opts.tags ?? [];
  for (const tag of tags) images.add(tag, true);
  const first = tags[0];
  const built = first === undefined ? undefined : images.list().find((i) => i.tags.includes(normalizeImageRef(first)));
  const imageId = built?.id ?? `sha256:${'0'.repeat(64)}`;
  emit({ kind: 'output', text: `Successfully built ${imageId.slice(7, 19)}` });
  return { imageId, tags, log };
}
