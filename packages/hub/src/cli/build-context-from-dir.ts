import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type BuildContextFile, ValidationError } from '@berth/core';

/** One `.dockerignore` rule: a glob as a regular expression, and whether it re-includes (`!`). */
interface IgnoreRule {
  pattern: RegExp;
  include: boolean;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // a rule naming a directory covers what is under it
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Parses a `.dockerignore` (comments, blank lines, `!` exceptions, leading `/` and `./` dropped). */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const include = l.startsWith('!');
      const glob = (include ? l.slice(1) : l)
        .trim()
        .replace(/^\.?\//, '')
        .replace(/\/+$/, '');
      return { pattern: globToRegExp(glob), include };
    });
}

/** `true` when the last rule matching `path` excludes it (Docker's rule order). */
export function isIgnored(path: string, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(path)) ignored = !rule.include;
  return ignored;
}

/**
 * Reads a build context directory into files for `buildImage`: every regular file below `dir` (symbolic links
 * and special files are skipped), minus what `.dockerignore` excludes (the Dockerfile and `.dockerignore` are
 * always sent, as Docker does), with their permission bits.
 *
 * @throws ValidationError when `dir` is not a readable directory.
 */
export async function buildContextFromDir(dir: string): Promise<BuildContextFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new ValidationError([{ path: 'context', message: `${dir} is not a directory` }], {}, 'build context');
  }
  const rules = parseDockerignore(await readFile(join(dir, '.dockerignore'), 'utf8').catch(() => ''));
  const files: BuildContextFile[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(current, entry.name);
      const path = relative(dir, full).split(sep).join('/');
      const keep = path === 'Dockerfile' || path === '.dockerignore' || !isIgnored(path, rules);
      if (entry.isDirectory()) {
        // an excluded directory may still hold re-included files: descend unless nothing can be re-included
        if (keep || rules.some((r) => r.include)) await walk(full);
      } else if (entry.isFile() && keep) {
        const { mode } = await stat(full);
        files.push({ path, content: await readFile(full), mode: mode & 0o7777 });
      }
    }
  };
  await walk(dir);
  return files;
}
