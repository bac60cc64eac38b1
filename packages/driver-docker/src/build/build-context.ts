import { Readable } from 'node:stream';
import { type BuildContext, type BuildContextFile, ValidationError, type ValidationIssue } from '@berth/core';
import { packTar, type TarEntry } from '../files/tar-archive.js';

function isFileList(context: BuildContext): context is readonly BuildContextFile[] {
  return Array.isArray(context);
}

/** Checks a context file's path: relative, `/`-separated, no `..` segment, not empty. */
function pathIssue(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.trim() === '') return 'must be a non-empty relative path';
  if (path.startsWith('/')) return 'must be relative to the context root';
  if (path.split('/').includes('..')) return 'must not contain ..';
  return undefined;
}

/**
 * Turns a build context into what the engine's `POST /build` reads: a tar stream. Bytes and byte streams are
 * sent as they are (they must already be a tar archive); a file list is packed here (parent directories
 * included), and must hold the Dockerfile.
 *
 * @param dockerfile - the Dockerfile's path in the context (checked only for a file list).
 * @throws ValidationError for a context that is none of the three, a bad file path, or a file list without the
 *   Dockerfile.
 */
export async function buildContextStream(context: BuildContext, dockerfile: string): Promise<NodeJS.ReadableStream> {
  if (context instanceof Uint8Array) return Readable.from([Buffer.from(context)]);
  if (isFileList(context)) return Readable.from([await packContextFiles(context, dockerfile)]);
  if (context !== null && typeof context === 'object' && Symbol.asyncIterator in context) {
    return Readable.from(context as AsyncIterable<Uint8Array>);
  }
  throw new ValidationError(
    [{ path: 'context', message: 'expected a tar archive (Uint8Array or a stream of bytes) or a list of files' }],
    { operation: 'buildImage' },
    'build options',
  );
}

/** Packs a list of context files into a tar archive (directories first, in path order). */
export async function packContextFiles(files: readonly BuildContextFile[], dockerfile: string): Promise<Buffer> {
  const issues: ValidationIssue[] = [];
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  files.forEach((f, i) => {
    const issue = pathIssue(f?.path);
    if (issue !== undefined) {
      issues.push({ path: `context[${i}].path`, message: issue });
      return;
    }
    if (typeof f.content !== 'string' && !(f.content instanceof Uint8Array)) {
      issues.push({ path: `context[${i}].content`, message: 'must be a string or a Uint8Array' });
      return;
    }
    const name = f.path.replace(/^\.\//, '');
    const parts = name.split('/');
    for (let d = 1; d < parts.length; d++) dirs.add(parts.slice(0, d).join('/'));
    entries.push({ name, content: Buffer.from(f.content), mode: f.mode ?? 0o644 });
  });
  if (issues.length === 0 && !entries.some((e) => e.name === dockerfile.replace(/^\.\//, ''))) {
    issues.push({ path: 'context', message: `no ${dockerfile} among the context files` });
  }
  if (issues.length > 0) throw new ValidationError(issues, { operation: 'buildImage' }, 'build options');
  const dirEntries: TarEntry[] = [...dirs].sort().map((name) => ({ name, mode: 0o755 }));
  return packTar([...dirEntries, ...entries]);
}
