import { basename, dirname, join } from 'node:path';

/**
 * The hub's built dashboard (`packages/hub/dist/dashboard`, written by `npm run build`), found from the
 * directory of the module asking: `src/server` (sources, under jest), `dist/esm/server` or
 * `dist/commonjs/server` (the builds).
 *
 * @param moduleDir - the asking module's directory.
 */
export function dashboardDirFrom(moduleDir: string): string {
  let dir = dirname(moduleDir);
  while (basename(dir) !== 'src' && basename(dir) !== 'dist' && dirname(dir) !== dir) dir = dirname(dir);
  return join(dirname(dir), 'dist', 'dashboard');
}
