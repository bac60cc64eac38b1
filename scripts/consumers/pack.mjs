// Packs every @berth/* package with `npm pack` and checks what each tarball holds: only what a user needs
// (dist/, the hub's bin/, README.md, package.json, a licence) — no sources, specs, source maps or tsbuildinfo.
import { join } from 'node:path';
import { cleanEnv, run } from './exec.mjs';

/** Paths a tarball may hold. */
const ALLOWED = /^(dist\/.+|bin\/[^/]+\.js|README\.md|package\.json|LICEN[CS]E(\.[a-z]+)?)$/i;
/** Paths no tarball may hold, even under dist/. */
const FORBIDDEN = /(\.spec\.|\.test\.|\.map$|\.tsbuildinfo$|(^|\/)src\/|(^|\/)test-fixtures\/|(?<!\.d)\.[cm]?ts$)/;

/**
 * `npm pack`s `packages` (names) from `repo` into `dest`.
 *
 * @returns {Promise<Map<string, string>>} package name → absolute tarball path
 * @throws Error naming the package and the file when a tarball holds something it should not
 */
export async function packAll(repo, packages, dest) {
  const args = ['pack', '--json', '--pack-destination', dest, ...packages.flatMap((p) => ['-w', p])];
  const { code, output } = await run('npm', args, { cwd: repo, env: cleanEnv({ npm_config_loglevel: 'error' }) });
  if (code !== 0) throw new Error(`npm pack failed (exit ${code}):\n${output}`);
  const json = output.slice(output.indexOf('['), output.lastIndexOf(']') + 1);
  /** @type {{ name: string, filename: string, files: { path: string }[] }[]} */
  const packed = JSON.parse(json);
  const tarballs = new Map();
  const problems = [];
  for (const entry of packed) {
    const paths = entry.files.map((f) => f.path);
    for (const path of paths) {
      if (!ALLOWED.test(path) || FORBIDDEN.test(path)) problems.push(`${entry.name}: ${path}`);
    }
    if (!paths.some((p) => p.startsWith('dist/commonjs/')) || !paths.some((p) => p.startsWith('dist/esm/')))
      problems.push(`${entry.name}: no dist/esm or dist/commonjs (is it built?)`);
    tarballs.set(entry.name, join(dest, entry.filename));
  }
  for (const name of packages) if (!tarballs.has(name)) problems.push(`${name}: not packed`);
  if (problems.length > 0) throw new Error(`tarballs hold what a user does not need:\n  ${problems.join('\n  ')}`);
  return tarballs;
}
