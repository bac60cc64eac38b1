// Where a benchmark imports Berth's built packages from: $BERTH_SCALE_ROOT (a private copy made by
// bench/scale/snapshot.sh, so other people's rebuilds cannot swap dist/ under a run) or the repository.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The root holding `packages/<name>/dist`: $BERTH_SCALE_ROOT when set, else {@link repoRoot}. */
export function packagesRoot() {
  return process.env.BERTH_SCALE_ROOT ?? repoRoot;
}

/** Imports `packages/<name>/dist/esm/<file>` from {@link packagesRoot} (default file: index.js). */
export function importPackage(name, file = 'index.js') {
  return import(join(packagesRoot(), 'packages', name, 'dist', 'esm', file));
}
