import { Readable } from 'node:stream';
import * as tar from 'tar-stream';

/** One entry to pack: a directory (no content) or a file. */
export interface TarEntry {
  /** Path inside the archive (relative, `/`-separated). */
  name: string;
  /** File content; absent for directories. */
  content?: Buffer;
  /** Permission bits. */
  mode: number;
}

/** Packs entries into an in-memory tar (binary-safe), owned by root. */
export async function packTar(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  })();
  for (const e of entries) {
    const header = { name: e.name, mode: e.mode, uid: 0, gid: 0, mtime: new Date() };
    if (e.content === undefined) pack.entry({ ...header, type: 'directory' });
    else pack.entry({ ...header, type: 'file', size: e.content.length }, e.content);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * Reads the first regular file of a tar stream (what `GET /containers/{id}/archive` returns for a file).
 * Returns `undefined` when the archive's first entry is not a regular file (a directory, a link …).
 */
export async function readFirstFile(source: NodeJS.ReadableStream | Buffer): Promise<Buffer | undefined> {
  const entry = await readFirstEntry(source);
  return entry?.kind === 'file' ? entry.content : undefined;
}

/** The first entry of an archive: a regular file's bytes, or a symbolic link's target. */
export type FirstEntry = { kind: 'file'; content: Buffer } | { kind: 'link'; target: string };

/**
 * Reads the first entry of a tar archive: a regular file (its bytes) or a symbolic link (its target, as
 * stored); `undefined` for anything else (directory, device …) or an empty archive.
 */
export async function readFirstEntry(source: NodeJS.ReadableStream | Buffer): Promise<FirstEntry | undefined> {
  const extract = tar.extract();
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : (source as Readable);
  input.pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    if (entry.header.type === 'symlink' && typeof entry.header.linkname === 'string') {
      entry.resume();
      (input as Readable).destroy();
      return { kind: 'link', target: entry.header.linkname };
    }
    if (entry.header.type !== 'file' && entry.header.type !== 'contiguous-file') {
      entry.resume();
      (input as Readable).destroy();
      return undefined;
    }
    const parts: Buffer[] = [];
    for await (const chunk of entry) parts.push(Buffer.from(chunk as Uint8Array));
    (input as Readable).destroy();
    return { kind: 'file', content: Buffer.concat(parts) };
  }
  return undefined;
}
